import Foundation
import PostgresClient
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster in a temporary directory: created by `initdb`, listening on
/// 127.0.0.1 and a private unix socket directory on a free port, deleted by `stop()`.
///
/// Used by the tests, `pgct demo` and the benchmarks. Cleanup happens on `stop()`, at
/// `deinit`, at normal process exit, on SIGINT/SIGTERM/SIGHUP (unless disabled in `Options`),
/// and — when the process is killed or crashes — by a watchdog shell process that waits for
/// this process to disappear, then shuts the server down and deletes its directory.
///
/// As root the cluster belongs to the `postgres` user (initdb refuses root) and the server
/// programs run through `runuser -u postgres --`; as any other user they run directly.
/// Blocking: every method waits for the server programs. Safe to call from any thread.
public final class EmbeddedPostgres: @unchecked Sendable {
    /// How to create the cluster.
    public struct Options: Sendable {
        /// Directory holding initdb, pg_ctl and postgres; found automatically when nil.
        public var binDirectory: String?
        /// fsync, full_page_writes and synchronous_commit: off (the default) for speed in
        /// tests; on to measure durable commits (benchmarks).
        public var fsync: Bool
        /// Extra server settings written to the configuration file, e.g.
        /// `["max_connections": "200", "shared_buffers": "256MB"]`.
        public var serverSettings: [String: String]
        /// Install SIGINT/SIGTERM/SIGHUP handlers that stop all clusters, then let the signal
        /// end the process. Turn off when the host program handles these signals itself (and
        /// then calls `EmbeddedPostgres.stopAll()` on its way out).
        public var installSignalHandlers: Bool
        /// Start the watchdog that cleans up if this process is killed or crashes.
        public var watchdog: Bool
        /// Seconds to wait for the server to accept connections.
        public var startTimeout: Int

        public init(binDirectory: String? = nil, fsync: Bool = false,
                    serverSettings: [String: String] = [:], installSignalHandlers: Bool = true,
                    watchdog: Bool = true, startTimeout: Int = 60) {
            self.binDirectory = binDirectory
            self.fsync = fsync
            self.serverSettings = serverSettings
            self.installSignalHandlers = installSignalHandlers
            self.watchdog = watchdog
            self.startTimeout = startTimeout
        }
    }

    /// TCP port on 127.0.0.1 (the unix socket uses the same number); fixed once started.
    public private(set) var port: Int
    /// Directory of the unix socket `.s.PGSQL.<port>`.
    public let socketDirectory: String
    /// The cluster's data directory.
    public let dataDirectory: String
    /// The temporary directory holding everything; deleted by `stop()`.
    public let baseDirectory: String
    /// Where the server programs (and psql, pgbench, pg_regress's companions) are.
    public let binDirectory: String
    /// The server's log file.
    public let logFile: String

    private let runner: CommandRunner
    private let lock = NSLock()
    private var stopped = false
    private var watchdogPID: pid_t?

    /// Connect as the superuser `postgres` to the database `postgres`, over TCP.
    public var settings: ConnectionSettings {
        ConnectionSettings(parameters: ["host": "127.0.0.1", "port": String(port),
                                        "user": "postgres", "dbname": "postgres"])
    }

    /// The same target as a URI, for child processes and `--dsn`.
    public var dsn: String { "postgresql://postgres@127.0.0.1:\(port)/postgres" }

    /// PGHOST/PGPORT/PGUSER/PGDATABASE for child processes (psql, pg_regress, pgbench).
    public var environment: [String: String] {
        ["PGHOST": "127.0.0.1", "PGPORT": String(port), "PGUSER": "postgres", "PGDATABASE": "postgres"]
    }

    private init(port: Int, baseDirectory: String, binDirectory: String, runner: CommandRunner) {
        self.port = port
        self.baseDirectory = baseDirectory
        self.dataDirectory = baseDirectory + "/data"
        self.socketDirectory = baseDirectory + "/sock"
        self.logFile = baseDirectory + "/server.log"
        self.binDirectory = binDirectory
        self.runner = runner
    }

    deinit { stop() }

    // MARK: start

    /// Creates and starts a cluster; returns once it accepts connections.
    /// - Throws: `EmbeddedPostgresError` with the program output or the server log's tail.
    public static func start(_ options: Options = .init()) throws -> EmbeddedPostgres {
        let runner = try CommandRunner.current()
        let binDirectory = try findBinDirectory(options.binDirectory)
        let base = try makeBaseDirectory(runner: runner)
        let cluster = EmbeddedPostgres(port: 0, baseDirectory: base, binDirectory: binDirectory, runner: runner)
        // Registered before anything runs, so that a failure or signal from here on cleans up.
        ClusterRegistry.shared.register(cluster, signalHandlers: options.installSignalHandlers)
        do {
            try runner.chown(base)
            try FileManager.default.createDirectory(atPath: cluster.socketDirectory,
                                                    withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
            try runner.chown(cluster.socketDirectory)
            if options.watchdog { cluster.startWatchdog() }
            try cluster.initdb()
            // A free port can be taken between probing and binding: try a few.
            var lastError: Error?
            for _ in 0..<5 {
                let port = try freePort()
                try cluster.writeConfiguration(port: port, options: options)
                do {
                    cluster.port = port
                    try cluster.pgctl(["start", "-w", "-t", String(options.startTimeout), "-l", cluster.logFile])
                    return cluster
                } catch {
                    lastError = error
                    guard cluster.logTail().contains("already in use") else { throw error }
                }
            }
            throw lastError ?? EmbeddedPostgresError("no free port found")
        } catch {
            cluster.stop()
            throw error
        }
    }

    private static func findBinDirectory(_ explicit: String?) throws -> String {
        var candidates: [String] = []
        if let explicit { candidates.append(explicit) }
        if let fromEnvironment = ProcessInfo.processInfo.environment["PGCT_PG_BINDIR"] {
            candidates.append(fromEnvironment)
        }
        candidates.append("/usr/lib/postgresql/15/bin")
        if let pgConfig = ["/usr/lib/postgresql/15/bin/pg_config", "/usr/bin/pg_config", "/usr/local/bin/pg_config"]
            .first(where: { FileManager.default.isExecutableFile(atPath: $0) }),
           let (status, output) = try? CommandRunner(account: nil, runuser: nil).run(pgConfig, ["--bindir"]),
           status == 0 {
            candidates.append(output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        for directory in candidates
        where FileManager.default.isExecutableFile(atPath: directory + "/initdb")
            && FileManager.default.isExecutableFile(atPath: directory + "/pg_ctl") {
            return directory
        }
        throw EmbeddedPostgresError("PostgreSQL server programs (initdb, pg_ctl) not found in \(candidates.joined(separator: ", ")); install postgresql-15 (make deps) or set PGCT_PG_BINDIR")
    }

    /// A fresh private directory. As root it lives in /tmp (the postgres user must reach it
    /// even when root's TMPDIR is private); otherwise in the user's temporary directory.
    private static func makeBaseDirectory(runner: CommandRunner) throws -> String {
        let parent = runner.account != nil ? "/tmp" : NSTemporaryDirectory()
        var template = Array((parent.hasSuffix("/") ? parent : parent + "/") .appending("pgct-pg-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw EmbeddedPostgresError("cannot create a temporary directory in \(parent): \(String(cString: strerror(errno)))")
        }
        return String(cString: created)
    }

    private static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw EmbeddedPostgresError("socket() failed while looking for a free port") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic -> Bool in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound else { throw EmbeddedPostgresError("no free TCP port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private func initdb() throws {
        let common = ["-D", dataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]
        // C.UTF-8 keeps upper()/lower() right for non-ASCII text; plain C where it is missing.
        var (status, output) = try runner.run(binDirectory + "/initdb", common + ["--locale=C.UTF-8"])
        if status != 0 {
            try? FileManager.default.removeItem(atPath: dataDirectory)
            (status, output) = try runner.run(binDirectory + "/initdb", common + ["--locale=C"])
        }
        guard status == 0 else {
            throw EmbeddedPostgresError("initdb failed (status \(status)):\n\(output.suffix(2000))")
        }
    }

    /// Writes the cluster's own settings to an included file, so retries can rewrite it.
    private func writeConfiguration(port: Int, options: Options) throws {
        var settings: [(String, String)] = [
            ("listen_addresses", "127.0.0.1"),
            ("port", String(port)),
            ("unix_socket_directories", socketDirectory),
        ]
        if !options.fsync {
            settings += [("fsync", "off"), ("full_page_writes", "off"), ("synchronous_commit", "off")]
        }
        settings += options.serverSettings.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let lines = settings.map { name, value in
            "\(name) = '\(value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''"))'"
        }
        let included = dataDirectory + "/pgct_embedded.conf"
        try (lines.joined(separator: "\n") + "\n").write(toFile: included, atomically: false, encoding: .utf8)
        try runner.chown(included)
        let main = dataDirectory + "/postgresql.conf"
        let current = try String(contentsOfFile: main, encoding: .utf8)
        let include = "include 'pgct_embedded.conf'\n"
        if !current.contains(include) {
            try (current + "\n" + include).write(toFile: main, atomically: false, encoding: .utf8)
        }
    }

    private func pgctl(_ arguments: [String]) throws {
        let (status, output) = try runner.run(binDirectory + "/pg_ctl", ["-D", dataDirectory] + arguments)
        guard status == 0 else {
            throw EmbeddedPostgresError("pg_ctl \(arguments.first ?? "") failed (status \(status)): \(output.trimmingCharacters(in: .whitespacesAndNewlines))\n--- server log (tail) ---\n\(logTail())")
        }
    }

    /// The last lines of the server log, for error messages.
    public func logTail(lines: Int = 30) -> String {
        guard let text = try? String(contentsOfFile: logFile, encoding: .utf8) else { return "(no server log)" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    // MARK: watchdog

    /// A detached shell that outlives this process only to clean up after it: it polls this
    /// process's pid, and once the pid is gone (SIGKILL, crash) while the data directory still
    /// exists, it shuts the server down immediately (SIGQUIT to the postmaster, SIGKILL if it
    /// lingers) and deletes the directory. Paths reach the script as arguments, never as code.
    private func startWatchdog() {
        watchdogPID = spawnWatchdog(owner: getpid())
    }

    /// Spawns the watchdog for `owner` (this process, or a stand-in in tests); returns its pid.
    func spawnWatchdog(owner: pid_t) -> pid_t? {
        let script = """
            parent="$1"; data="$2"; base="$3"
            # A zombie (exited, not yet reaped: PID 1 in containers may be slow) counts as gone.
            alive() { kill -0 "$1" 2>/dev/null && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null; }
            while alive "$parent" && [ -d "$data" -o -d "$base" ]; do sleep 1; done
            [ -d "$base" ] || exit 0
            if [ -f "$data/postmaster.pid" ]; then
              pid=$(head -n 1 "$data/postmaster.pid")
              if [ -n "$pid" ]; then
                kill -QUIT "$pid" 2>/dev/null
                i=0
                while alive "$pid" && [ "$i" -lt 50 ]; do sleep 0.2; i=$((i+1)); done
                kill -KILL "$pid" 2>/dev/null
              fi
            fi
            rm -rf "$base"
            """
        // Its own session: a Ctrl-C to the terminal's process group does not reach it.
        return try? Spawn.start(["/bin/sh", "-c", script, "pgct-watchdog", String(owner),
                                        dataDirectory, baseDirectory],
                                       environment: ["PATH": "/usr/bin:/bin:/usr/sbin:/sbin"],
                                       newSession: true)
    }

    // MARK: running cluster

    /// The postmaster's pid from `postmaster.pid`, when the file exists.
    public var serverProcessID: Int32? {
        guard let text = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8),
              let first = text.split(separator: "\n").first else { return nil }
        return Int32(first.trimmingCharacters(in: .whitespaces))
    }

    /// True while the postmaster process is alive.
    public var isRunning: Bool {
        guard let pid = serverProcessID else { return false }
        return Self.processIsAlive(pid)
    }

    /// True when `pid` exists and has not exited. A zombie (exited, not yet reaped by its
    /// parent — the postmaster's parent is PID 1, which in containers may never reap) is dead.
    public static func processIsAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// Creates a database owned by `postgres` and returns settings that connect to it.
    public func createDatabase(_ name: String) throws -> ConnectionSettings {
        let connection = try PostgresConnection(settings)
        defer { connection.close() }
        try connection.simpleQuery("CREATE DATABASE " + connection.quoteIdentifier(name))
        return settings.with("dbname", name)
    }

    /// Restarts the server (fast shutdown: sessions are terminated), for fault tests. The port
    /// and data stay the same; existing connections must reconnect.
    public func restart() throws {
        try pgctl(["restart", "-m", "fast", "-w", "-l", logFile])
    }

    /// Stops the server without deleting it (`pg_ctl stop -m fast`), e.g. to test an outage.
    public func stopServer() throws {
        try pgctl(["stop", "-m", "fast", "-w"])
    }

    /// Starts the server again after `stopServer()`.
    public func startServer() throws {
        try pgctl(["start", "-w", "-l", logFile])
    }

    /// Stops the server (fast shutdown, immediate if that fails) and deletes every file.
    /// Idempotent; also runs at `deinit`, process exit and SIGINT/SIGTERM.
    public func stop() {
        let alreadyStopped = lock.withLock { () -> Bool in
            defer { stopped = true }
            return stopped
        }
        guard !alreadyStopped else { return }
        defer { ClusterRegistry.shared.unregister(self) }
        if isRunning {
            let fast = (try? runner.run(binDirectory + "/pg_ctl",
                                        ["-D", dataDirectory, "stop", "-m", "fast", "-w", "-t", "30"]))?.status
            if fast != 0, let pid = serverProcessID {
                kill(pid, SIGQUIT)
                for _ in 0..<50 where Self.processIsAlive(pid) { usleep(100_000) }
                kill(pid, SIGKILL)
            }
        }
        try? FileManager.default.removeItem(atPath: baseDirectory)
        if let watchdogPID {
            // Not needed once the directory is gone (it would exit within a second), but
            // ending and reaping it now leaves nothing behind this call.
            kill(watchdogPID, SIGKILL)
            _ = Spawn.wait(watchdogPID)
        }
    }

    /// Stops every cluster this process started (for programs that handle signals themselves).
    public static func stopAll() { ClusterRegistry.shared.stopAll() }
}
