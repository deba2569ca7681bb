import EmbeddedPostgres
import Foundation
import PostgresClient

/// `pgct demo`: the seed's story end to end — a throwaway PostgreSQL (or a schema of the
/// database given with --dsn), the extension, the agent in process, four phases verified from
/// the database, a summary and a report. Exit 0 only when the story happened as expected.
enum DemoCommand {
    static let command = PGCTCommand(
        CommandSpec(
            name: "demo",
            abstract: "Play the seed's story: train, drift, retrain, promote — on a throwaway PostgreSQL.",
            options: [
                .value("dsn", "dsn", "Play in this database instead, in its own schema 'pgct_demo' (removed afterwards)."),
                .value("seed", "n", "Seed of the generated points (default: 42)."),
                .flag("fast", "No pauses between batches (CI)."),
                .value("report", "file.html", "Where to write the HTML report (default: reports/pgct-demo.html)."),
                .flag("keep", "Keep the demo's model and schema (--dsn), or keep the throwaway cluster running until Ctrl-C."),
            ],
            discussion: """
                Phases: (1) points near y = 1.19x + 6.7 → v1 trained and promoted; (2) more of the same →
                live R² stays above 0.2: stable; (3) a flatter cloud, higher up → live R² falls below 0.2,
                the agent retrains on the new window, compares with v1 on the same rows, promotes v2;
                (4) new points are predicted by v2. Each phase is checked in the database.
                Exit status: 0 when the story happened as expected, 1 when not, 130 on Ctrl-C.
                """)
    ) { arguments in
        var plan = DemoStory.Plan()
        if let seed = try arguments.integer("seed") {
            guard seed >= 0 else { throw UsageError("--seed must be a non-negative whole number") }
            plan.seed = UInt64(seed)
        }
        if arguments.flag("fast") { plan.pause = 0 }
        let reportPath = arguments.value("report") ?? "reports/pgct-demo.html"
        guard !reportPath.isEmpty else { throw UsageError("--report needs a file path") }
        return run(plan: plan, dsn: arguments.value("dsn"), reportPath: reportPath, keep: arguments.flag("keep"))
    }

    static func run(plan: DemoStory.Plan, dsn: String?, reportPath: String, keep: Bool) -> Int32 {
        let output = DemoOutput()
        let agentBox = AgentBox()
        // From here on Ctrl-C and SIGTERM are ours: the agent stops, the cluster or schema is
        // removed, and the exit status is 130. A second signal stops the clusters at once.
        let interrupt = InterruptSignals(
            onSignal: { agentBox.runner?.requestStop() },
            onSecondSignal: { EmbeddedPostgres.stopAll(); _exit(130) })

        output.plain(output.styled("pgct demo", .bold) + " — the seed's story: train, drift, retrain, promote"
                     + " (seed \(plan.seed)\(plan.pause == 0 ? ", fast" : ""))")
        let target: DemoTarget
        do {
            target = try dsn.map { try DemoTarget.existing(ConnectionSettings(dsn: $0), keep: keep, output: output) }
                ?? DemoTarget.embedded(keep: keep, output: output)
        } catch {
            printError("\(error)")
            EmbeddedPostgres.stopAll()
            return 1
        }
        if interrupt.interrupted {
            target.cleanUp(output: output)
            return 130
        }

        let status: Int32
        var story: DemoStory?
        do {
            let connection = try PostgresConnection(target.settings, applicationName: "pgct demo")
            let runner = AgentRunner(settings: target.settings, pollInterval: 1)
            agentBox.runner = runner
            let playing = DemoStory(plan: plan, target: target, connection: connection, output: output,
                                    agent: runner, interrupt: interrupt)
            story = playing
            status = play(playing, connection: connection, reportPath: reportPath, output: output)
            if status == 0 && keep, let cluster = target.cluster {
                output.plain("")
                output.line("kept   │ the cluster stays up with the agent running (--keep); Ctrl-C stops and deletes it:")
                output.plain("           psql '\(cluster.dsn)'")
                while !interrupt.interrupted { Thread.sleep(forTimeInterval: 0.2) }
                // Ctrl-C is how a kept demo ends: the story's status stands.
                story?.agent.stop()
                target.cleanUp(output: output)
                return status
            }
        } catch {
            printError("\(error)")
            status = 1
        }
        story?.agent.stop()
        target.cleanUp(output: output)
        return interrupt.interrupted && status != 1 ? 130 : status
    }

    /// Plays the story, prints the summary and writes the report; returns the exit status.
    static func play(_ story: DemoStory, connection: PostgresConnection, reportPath: String, output: DemoOutput) -> Int32 {
        var failure: String?
        var interrupted = false
        do {
            try story.run()
        } catch is DemoInterrupted {
            interrupted = true
        } catch {
            failure = "\(error)"
            story.recordFailure("\(error)".components(separatedBy: "\n").first ?? "")
        }
        if interrupted {
            output.line(output.styled("interrupted", .yellow) + ": stopping the agent and cleaning up")
            return 130
        }
        output.plain("")
        output.plain(summaryTable(story.results, output: output))
        do {
            let data = try withExtensionCheck { try ReportLoader.load(model: story.target.modelName, on: connection) }
            try ReportCommand.write(data, to: reportPath)
            output.plain("")
            output.plain("Report: \(reportPath)")
        } catch {
            output.plain("Report: not written (\(error))")
            failure = failure ?? "the report could not be written: \(error)"
        }
        if let failure {
            output.plain(output.styled("The story did not happen as expected:", .red) + " \(failure)")
            printError("demo failed: " + (failure.components(separatedBy: "\n").first ?? failure))
            return 1
        }
        output.plain(output.styled("The story happened as expected", .green)
                     + ": v1 served, the changed points collapsed its live R², v2 was retrained, compared and promoted, v2 serves.")
        return 0
    }

    static func summaryTable(_ results: [DemoStory.PhaseResult], output: DemoOutput) -> String {
        TextTable(header: ["PHASE", "ROWS", "PRODUCTION", "LIVE R²", "LIVE MAE", "OUTCOME", "CHECK"],
                  rows: results.map { r in
                      [r.phase, String(r.rows), r.production, format(r.liveR2), format(r.liveMAE),
                       r.outcome, r.ok ? "ok" : "FAILED"]
                  }).rendered
    }
}

/// The agent runner, once there is one, for the signal thread.
final class AgentBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: AgentRunner?

    var runner: AgentRunner? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
