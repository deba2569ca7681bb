// swift-tools-version:6.0
// pgct: continuous training for linear models inside PostgreSQL.
// No package dependencies: only the toolchain's modules and Debian's C libraries.
import PackageDescription

let package = Package(
    name: "pgct",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "pgct", targets: ["pgct"]),
    ],
    targets: [
        // C libraries, each confined to the one Swift module that wraps it.
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CLapack", pkgConfig: "lapacke",
                       providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]),

        // Signal handling outside the signal handler (self-pipe), shared by the cluster
        // cleanup, `pgct agent` and `pgct demo`.
        .target(name: "ProcessSignals"),
        // PostgreSQL client over libpq: the only module that imports CLibPQ.
        .target(name: "PostgresClient", dependencies: ["CLibPQ"]),
        // Throwaway PostgreSQL clusters, shared by tests, `pgct demo` and benchmarks.
        .target(name: "EmbeddedPostgres", dependencies: ["PostgresClient", "ProcessSignals"]),
        // The models' math: fitting, metrics, explanations, validation, drift. No database.
        .target(name: "PGCTModels", dependencies: ["CLapack"]),
        // The extension's SQL scripts from sql/, embedded at build time (one source of truth).
        .executableTarget(name: "EmbedSQLTool"),
        .plugin(name: "EmbedSQL", capability: .buildTool(), dependencies: ["EmbedSQLTool"]),
        .target(name: "PGCTExtension", dependencies: ["PostgresClient"], plugins: ["EmbedSQL"]),
        // The continuous-training agent and its pipeline.
        .target(name: "PGCTAgent",
                dependencies: ["PostgresClient", "PGCTModels", "PGCTExtension"]),
        // Self-contained HTML reports (inline SVG charts) of a model's history. No database.
        .target(name: "PGCTReport"),
        // Command-line commands; the executable only calls into this.
        .target(name: "PGCTCLI",
                dependencies: ["PostgresClient", "EmbeddedPostgres", "PGCTModels",
                               "PGCTExtension", "PGCTAgent", "PGCTReport", "ProcessSignals"]),
        .executableTarget(name: "pgct", dependencies: ["PGCTCLI"]),

        // Unit tests: pure code, no database.
        .testTarget(name: "ModelsTests", dependencies: ["PGCTModels"], path: "Tests/Unit/ModelsTests"),
        .testTarget(name: "ClientUnitTests", dependencies: ["PostgresClient"],
                    path: "Tests/Unit/ClientUnitTests"),
        .testTarget(name: "ReportUnitTests", dependencies: ["PGCTReport"], path: "Tests/Unit/ReportUnitTests"),
        .testTarget(name: "AgentUnitTests", dependencies: ["PGCTAgent"], path: "Tests/Unit/AgentUnitTests"),
        .testTarget(name: "CLIUnitTests", dependencies: ["PGCTCLI"], path: "Tests/Unit/CLIUnitTests"),
        // Integration tests: a real PostgreSQL started by EmbeddedPostgres (or PGCT_TEST_DSN).
        .testTarget(name: "ClientIntegrationTests", dependencies: ["PostgresClient", "EmbeddedPostgres"],
                    path: "Tests/Integration/ClientIntegrationTests"),
        .testTarget(name: "AgentIntegrationTests",
                    dependencies: ["PostgresClient", "EmbeddedPostgres", "PGCTExtension",
                                   "PGCTAgent", "PGCTCLI", "PGCTModels"],
                    path: "Tests/Integration/AgentIntegrationTests"),
    ]
)
