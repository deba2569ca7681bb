import Foundation
import PGCTExtension
import PGCTModels
import PostgresClient

/// `pgct doctor`: checks what pgct needs and prints one line per check.
enum DoctorCommand {
    static let command = PGCTCommand(
        CommandSpec(name: "doctor",
                    abstract: "Check connectivity, server version, the extension and LAPACK.",
                    options: [dsnOption])
    ) { arguments in
        let checks = runChecks(settings: ConnectionSettings(dsn: arguments.value("dsn")))
        print(TextTable(header: ["CHECK", "STATUS", "DETAIL"],
                        rows: checks.map { [$0.name, $0.status.rawValue, $0.detail] }).rendered)
        return checks.contains { $0.status == .fail } ? 1 : 0
    }

    /// One line of the doctor's report.
    struct Check {
        enum Status: String { case ok, warn = "warning", fail = "FAIL" }
        let name: String
        let status: Status
        let detail: String
    }

    static func runChecks(settings: ConnectionSettings) -> [Check] {
        var checks: [Check] = []
        let lapack = LAPACKSelfCheck.run()
        let lapackCheck = Check(name: "LAPACK", status: lapack.ok ? .ok : .fail, detail: lapack.detail)
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection(settings)
            checks.append(Check(name: "connection", status: .ok, detail: settings.redactedDescription))
        } catch {
            checks.append(Check(name: "connection", status: .fail, detail: "\(error)"))
            return checks + [lapackCheck]
        }
        let version = connection.serverVersion
        let versionText = "PostgreSQL \(version / 10000).\(version % 10000)"
        checks.append(Check(name: "server version", status: version >= 150000 ? .ok : .warn,
                            detail: version >= 150000 ? versionText : "\(versionText); pgct is tested on 15 and later"))
        do {
            let presence = try ExtensionInstaller.presence(on: connection)
            let target = ExtensionScripts.defaultVersion
            checks.append(Check(
                name: "extension files",
                status: presence.availableVersions.contains(target) ? .ok : .warn,
                detail: presence.availableVersions.isEmpty
                    ? "not on the server; 'pgct install' applies the embedded script directly"
                    : "available: " + presence.availableVersions.joined(separator: ", ")))
            switch presence.installedVersion {
            case nil:
                checks.append(Check(name: "pgct installed", status: .fail,
                                    detail: "not installed in this database: run 'pgct install'"))
            case let installed? where installed != target:
                checks.append(Check(name: "pgct installed", status: .warn,
                                    detail: "\(installed), this pgct expects \(target): run 'pgct install' to upgrade"))
            case let installed?:
                checks.append(Check(name: "pgct installed", status: .ok,
                                    detail: installed + (presence.direct ? " (applied directly)" : " (extension)")))
            }
        } catch {
            checks.append(Check(name: "pgct installed", status: .fail, detail: "\(error)"))
        }
        return checks + [lapackCheck]
    }
}
