import Foundation

/// The pgct extension's SQL, embedded at build time from `sql/` by the EmbedSQL plugin.
///
/// `sql/pgct.sql` is the one source of truth: the PGXS Makefile copies it to the versioned
/// script that `CREATE EXTENSION pgct` runs, and `pgct install` applies the same text directly
/// where extension files cannot be copied onto the server (managed PostgreSQL).
public enum ExtensionScripts {
    /// The version `CREATE EXTENSION pgct` installs, read from `sql/pgct.control`.
    public static var defaultVersion: String {
        guard let control = EmbeddedSQL.files["pgct.control"] else { return "unknown" }
        for line in control.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == "default_version" {
                return parts[1].trimmingCharacters(in: .whitespaces)
                    .trimmingCharacters(in: CharacterSet(charactersIn: "'"))
            }
        }
        return "unknown"
    }

    /// The install script as `CREATE EXTENSION` would run it.
    public static var installScript: String { EmbeddedSQL.files["pgct.sql"] ?? "" }

    /// The install script made runnable outside `CREATE EXTENSION`: psql's `\echo … \quit`
    /// guard removed and `@extschema@` replaced by `pgct`. The script creates the schema itself
    /// only in this mode, so the caller runs `CREATE SCHEMA IF NOT EXISTS pgct` first.
    public static var directInstallScript: String { directScript(installScript) }

    /// Frozen upgrade scripts keyed by (from, to) version, e.g. `pgct--0.1.0--0.2.0.sql`.
    public static var upgradeScripts: [(from: String, to: String, sql: String)] {
        EmbeddedSQL.files.compactMap { name, sql in
            guard name.hasPrefix("pgct--"), name.hasSuffix(".sql") else { return nil }
            let versions = name.dropFirst("pgct--".count).dropLast(".sql".count)
                .components(separatedBy: "--")
            guard versions.count == 2 else { return nil }
            return (versions[0], versions[1], sql)
        }.sorted { $0.from < $1.from }
    }

    /// Strips the psql guard and substitutes the extension schema, for direct application.
    public static func directScript(_ sql: String) -> String {
        sql.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("\\echo") }
            .joined(separator: "\n")
            .replacingOccurrences(of: "@extschema@", with: "pgct")
    }
}
