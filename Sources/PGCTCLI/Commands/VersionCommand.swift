import PGCTExtension

/// `pgct version`: the CLI's version and the extension version it installs.
enum VersionCommand {
    static let command = PGCTCommand(
        CommandSpec(name: "version", abstract: "Print pgct's version and the extension version it installs.")
    ) { _ in
        print("pgct \(PGCTCommandLine.version) (extension \(ExtensionScripts.defaultVersion))")
        return 0
    }
}
