import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the PostgreSQL server programs, as the `postgres` user when this process is root
/// (initdb and postgres refuse to run as root).
struct CommandRunner: Sendable {
    /// The account the cluster belongs to when running as root.
    struct Account: Sendable {
        let name: String
        let uid: uid_t
        let gid: gid_t
    }

    /// Set when the process is root: programs run through `runuser -u postgres --`.
    let account: Account?
    let runuser: String?

    static func current() throws -> CommandRunner {
        guard geteuid() == 0 else { return CommandRunner(account: nil, runuser: nil) }
        guard let entry = getpwnam("postgres") else {
            throw EmbeddedPostgresError("running as root needs a 'postgres' user to own the throwaway cluster (initdb refuses root); install postgresql-15 or create the user")
        }
        let account = Account(name: "postgres", uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
        let candidates = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"]
        guard let runuser = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw EmbeddedPostgresError("running as root needs runuser (util-linux) to start PostgreSQL as 'postgres'")
        }
        return CommandRunner(account: account, runuser: runuser)
    }

    /// Gives a path to the cluster's account (no-op when not root).
    func chown(_ path: String) throws {
        guard let account else { return }
        guard Glibc.chown(path, account.uid, account.gid) == 0 else {
            throw EmbeddedPostgresError("cannot give \(path) to \(account.name): \(String(cString: strerror(errno)))")
        }
    }

    /// Runs a program to completion and returns its exit status and combined output.
    ///
    /// Output goes to a temporary file, not a pipe: `pg_ctl start` leaves a server running,
    /// and a pipe it inherited would never reach end-of-file. The child runs in `/`-relative
    /// absolute paths only, so the caller's working directory does not matter.
    @discardableResult
    func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        var command = [program] + arguments
        if let runuser, let account { command = [runuser, "-u", account.name, "--"] + command }
        let outputPath = NSTemporaryDirectory() + "pgct-cmd-\(getpid())-\(UUID().uuidString).out"
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let pid = try Spawn.start(command, environment: Self.childEnvironment(), outputPath: outputPath)
        let status = Spawn.wait(pid)
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return (status, text)
    }

    /// The environment without PG* variables, which would redirect the server programs
    /// (PGDATA, PGPORT, …) to somewhere else than the throwaway cluster.
    static func childEnvironment() -> [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
    }
}

/// A failure to create, start or stop a throwaway cluster, with the server log's tail.
public struct EmbeddedPostgresError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
