import Foundation
import PGCTAgent
import PostgresClient
import ProcessSignals

/// `pgct agent`: the long-running continuous-training process.
enum AgentCommand {
    static let command = PGCTCommand(
        CommandSpec(
            name: "agent",
            abstract: "Run the continuous-training agent (LISTEN, log predictions, monitor, retrain, promote).",
            options: [
                dsnOption,
                .value("agent-id", "id", "Name of this agent in claims and events (default: hostname-pid)."),
                .value("poll-interval", "seconds", "Safety-net scan interval when no notification arrives (default: 5)."),
                .value("log-level", "level", "debug, info, warning or severe (default: info)."),
                .value("claim-timeout", "seconds", "How long a claimed job stays invisible to other agents (default: 300)."),
                .flag("once", "Process what is pending, then exit."),
            ],
            discussion: """
                Logs one JSON object per line on stderr; the same events go to pgct.events.
                SIGTERM or SIGINT: stop claiming, finish the current job, exit 0.
                """)
    ) { arguments in
        let logger = Logger(minimumLevel: try logLevel(arguments, default: .info))
        var configuration = Agent.Configuration(settings: ConnectionSettings(dsn: arguments.value("dsn")))
        if let id = arguments.value("agent-id") {
            guard !id.isEmpty else { throw UsageError("--agent-id must not be empty") }
            configuration.agentId = id
        }
        if let interval = try arguments.double("poll-interval") {
            guard interval > 0 else { throw UsageError("--poll-interval must be positive") }
            configuration.pollInterval = interval
        }
        if let timeout = try arguments.integer("claim-timeout") {
            guard timeout > 0 else { throw UsageError("--claim-timeout must be positive") }
            configuration.visibilitySeconds = timeout
        }
        configuration.once = arguments.flag("once")
        let agent = Agent(configuration: configuration, logger: logger)
        let signals = StopSignals { agent.requestStop() }
        defer { signals.cancel() }
        return agent.run()
    }
}

/// The `--log-level` option of `pgct agent` and `pgct train`, or `fallback` when it is absent.
func logLevel(_ arguments: ParsedArguments, default fallback: LogLevel) throws -> LogLevel {
    guard let text = arguments.value("log-level") else { return fallback }
    guard let level = LogLevel(option: text) else {
        throw UsageError("--log-level must be debug, info, warning or severe, not '\(text)'")
    }
    return level
}

/// SIGTERM and SIGINT handlers for the lifetime of a command (swift-service-lifecycle's
/// graceful stop): the default action is suspended and `onStop` runs instead, on the
/// `SignalRelay` thread.
final class StopSignals: Sendable {
    static let signals = [SIGTERM, SIGINT]

    init(onStop: @escaping @Sendable () -> Void) {
        SignalRelay.install(for: Self.signals) { _ in onStop() }
    }

    func cancel() {
        SignalRelay.restoreDefault(Self.signals)
    }
}
