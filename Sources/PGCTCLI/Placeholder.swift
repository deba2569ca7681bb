/// Entry point of the `pgct` command line.
public enum PGCTCommandLine {
    public static func main() async {
        print("pgct")
    }
}
