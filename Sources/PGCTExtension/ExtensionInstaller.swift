import PostgresClient

/// Installs or upgrades the pgct extension in a database.
///
/// Where the extension's files are installed on the server (`make -C sql install`), this is
/// `CREATE EXTENSION pgct` or `ALTER EXTENSION pgct UPDATE`. Where they cannot be copied
/// (managed PostgreSQL), the same script, embedded in this binary from `sql/`, is applied
/// directly in one transaction, and the installed version is recorded on the schema.
public enum ExtensionInstaller {
    /// What `install` did.
    public enum Outcome: Equatable, Sendable, CustomStringConvertible {
        case created(version: String)
        case updated(from: String, to: String)
        case alreadyCurrent(version: String, direct: Bool)
        case appliedDirectly(version: String)
        case upgradedDirectly(from: String, to: String)

        public var description: String {
            switch self {
            case .created(let version): "created extension pgct \(version)"
            case .updated(let from, let to): "updated extension pgct \(from) → \(to)"
            case .alreadyCurrent(let version, let direct):
                "pgct \(version) is already installed" + (direct ? " (applied directly)" : "")
            case .appliedDirectly(let version):
                "applied the pgct \(version) script directly (extension files are not installed on the server)"
            case .upgradedDirectly(let from, let to): "upgraded the directly applied pgct \(from) → \(to)"
            }
        }
    }

    /// The error raised when an install cannot proceed.
    public struct InstallError: Error, CustomStringConvertible {
        public let description: String
    }

    /// How pgct is present in a database, as `pgct doctor` reports it.
    public struct Presence: Sendable, Equatable {
        /// Installed version (extension or direct), or nil when pgct is absent.
        public var installedVersion: String?
        /// True when installed by applying the script directly rather than as an extension.
        public var direct: Bool
        /// Versions of the extension whose files the server has (empty on managed servers).
        public var availableVersions: [String]
    }

    static let directMarker = "pgct installed directly, version "

    /// Reads whether and how pgct is installed.
    public static func presence(on connection: PostgresConnection) throws -> Presence {
        let available = try connection.query(
            "SELECT version FROM pg_catalog.pg_available_extension_versions WHERE name = 'pgct' ORDER BY version"
        ).rows.compactMap { try $0.string("version") }
        let installed = try connection.query(
            "SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'pgct'")
        if let row = installed.rows.first {
            return Presence(installedVersion: try row.string("extversion"), direct: false,
                            availableVersions: available)
        }
        let comment = try connection.query(
            "SELECT pg_catalog.obj_description(oid, 'pg_namespace') AS comment FROM pg_catalog.pg_namespace WHERE nspname = 'pgct'")
        if let text = try comment.rows.first?.string("comment"), text.hasPrefix(directMarker) {
            return Presence(installedVersion: String(text.dropFirst(directMarker.count)), direct: true,
                            availableVersions: available)
        }
        return Presence(installedVersion: nil, direct: false, availableVersions: available)
    }

    /// Installs pgct, or brings it up to this binary's version. `forceDirect` applies the
    /// embedded script even when extension files are available (for testing that path).
    @discardableResult
    public static func install(on connection: PostgresConnection, forceDirect: Bool = false) throws -> Outcome {
        let target = ExtensionScripts.defaultVersion
        let presence = try presence(on: connection)
        switch (presence.installedVersion, presence.direct) {
        case (let version?, false):
            if version == target { return .alreadyCurrent(version: version, direct: false) }
            try connection.execute("ALTER EXTENSION pgct UPDATE")
            return .updated(from: version, to: target)
        case (let version?, true):
            if version == target { return .alreadyCurrent(version: version, direct: true) }
            try applyUpgradesDirectly(from: version, to: target, on: connection)
            return .upgradedDirectly(from: version, to: target)
        case (nil, _):
            if !forceDirect && presence.availableVersions.contains(target) {
                try connection.execute("CREATE EXTENSION pgct")
                return .created(version: target)
            }
            try applyDirectly(ExtensionScripts.directInstallScript, version: target, on: connection)
            return .appliedDirectly(version: target)
        }
    }

    /// Applies a script outside CREATE EXTENSION, in one transaction, and records the version.
    static func applyDirectly(_ script: String, version: String, on connection: PostgresConnection) throws {
        try connection.transaction { connection in
            try connection.execute("CREATE SCHEMA IF NOT EXISTS pgct")
            try connection.execute("SELECT pg_catalog.set_config('pgct.direct_install', 'on', true)")
            try connection.simpleQuery(script)
            try recordDirectVersion(version, on: connection)
        }
    }

    static func recordDirectVersion(_ version: String, on connection: PostgresConnection) throws {
        // COMMENT takes no bind parameters: the version comes from our own control file and is
        // checked to be a plain version string before it is quoted as a literal.
        guard version.allSatisfy({ $0.isNumber || $0 == "." }) else {
            throw InstallError(description: "unexpected extension version '\(version)'")
        }
        try connection.execute("COMMENT ON SCHEMA pgct IS '\(directMarker)\(version)'")
    }

    /// Walks the embedded upgrade scripts from `from` to `to` and applies them in one transaction.
    static func applyUpgradesDirectly(from: String, to: String, on connection: PostgresConnection) throws {
        var path: [String] = []
        var current = from
        let scripts = ExtensionScripts.upgradeScripts
        while current != to {
            guard let step = scripts.first(where: { $0.from == current }) else {
                throw InstallError(description:
                    "no upgrade path from pgct \(from) to \(to) in this binary; reinstall or use a pgct release that ships it")
            }
            path.append(ExtensionScripts.directScript(step.sql))
            current = step.to
        }
        try connection.transaction { connection in
            try connection.execute("SELECT pg_catalog.set_config('pgct.direct_install', 'on', true)")
            for script in path { try connection.simpleQuery(script) }
            try recordDirectVersion(to, on: connection)
        }
    }
}
