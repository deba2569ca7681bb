import Foundation

/// A subcommand of `pgct`: its spec (for parsing and `--help`) and what it does.
/// `run` returns the process exit status; it throws `UsageError` for bad input (exit 2)
/// and any other error for a failure (exit 1, message on stderr).
public struct PGCTCommand: Sendable {
    public let spec: CommandSpec
    public let run: @Sendable (ParsedArguments) throws -> Int32

    public init(_ spec: CommandSpec, run: @escaping @Sendable (ParsedArguments) throws -> Int32) {
        self.spec = spec
        self.run = run
    }
}

/// Entry point of the `pgct` command line: dispatches to the subcommands.
public enum PGCTCommandLine {
    /// The version of pgct itself (the CLI and agent); the extension's is `ExtensionScripts.defaultVersion`.
    public static let version = "0.2.0-dev"

    /// Every subcommand, in the order `pgct --help` lists them.
    public static let commands: [PGCTCommand] = [
        VersionCommand.command,
        InstallCommand.command,
        DoctorCommand.command,
        SandboxCommand.command,
        AgentCommand.command,
        TrainCommand.command,
        StatusCommand.command,
        ReportCommand.command,
        DemoCommand.command,
    ]

    static let overview = """
        OVERVIEW: pgct — continuous training for linear models inside PostgreSQL.

        USAGE: pgct <command> [options]

        Connection: --dsn, else DATABASE_URL, else the standard PG* variables and ~/.pgpass.
        """

    /// The text of `pgct --help`.
    public static var help: String {
        var text = overview + "\n\nCOMMANDS:\n"
        for command in commands {
            text += "  " + command.spec.name.padding(toLength: 12, withPad: " ", startingAt: 0)
                + command.spec.abstract + "\n"
        }
        text += "\nSee 'pgct <command> --help' for a command's options.\n"
        return text
    }

    /// Runs the command line `arguments` (without the program name) and returns the exit status.
    public static func run(_ arguments: [String]) -> Int32 {
        guard let name = arguments.first, name != "--help", name != "-h", name != "help" else {
            if arguments.count > 1, arguments.first == "help",
               let command = commands.first(where: { $0.spec.name == arguments[1] }) {
                print(command.spec.usage, terminator: "")
                return 0
            }
            print(help, terminator: "")
            return arguments.isEmpty ? 2 : 0
        }
        if name == "--version" { print("pgct \(version)"); return 0 }
        guard let command = commands.first(where: { $0.spec.name == name }) else {
            printError("unknown command '\(name)'. See 'pgct --help'.")
            return 2
        }
        do {
            let parsed = try ParsedArguments.parse(Array(arguments.dropFirst()), spec: command.spec)
            if parsed.wantsHelp {
                print(command.spec.usage, terminator: "")
                return 0
            }
            return try command.run(parsed)
        } catch let error as UsageError {
            printError("\(error.message)\nSee 'pgct \(name) --help'.")
            return 2
        } catch {
            printError("\(error)")
            return 1
        }
    }

    /// The process entry point used by the `pgct` executable.
    public static func main() async {
        let status = run(Array(CommandLine.arguments.dropFirst()))
        exit(status)
    }
}

/// Writes an error line to stderr, prefixed so it is recognisable in scripts' output.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("pgct: error: \(message)\n".utf8))
}

/// Standard connection option shared by the commands that talk to a database.
let dsnOption = OptionSpec.value(
    "dsn", "dsn",
    "Connection string or postgres:// URL (default: DATABASE_URL, then PG* variables).")
