import Foundation
import PGCTAgent
import PostgresClient

/// The agent, in process, on a thread of its own (its libpq calls block). Its JSON log lines
/// are kept, not printed — the timeline reads the same decisions from `pgct.events` — and the
/// last ones are shown if the story fails.
final class AgentRunner: @unchecked Sendable {
    private let agent: Agent
    private let lock = NSLock()
    private var finished = false
    private let done = DispatchSemaphore(value: 0)

    init(settings: ConnectionSettings, pollInterval: Double) {
        let buffer = LineBuffer()
        agent = Agent(configuration: Agent.Configuration(settings: settings, agentId: "pgct-demo",
                                                         pollInterval: pollInterval, maxBackoff: 2),
                      logger: Logger(minimumLevel: .info) { buffer.append($0) })
        self.buffer = buffer
    }

    private let buffer: LineBuffer

    func start() {
        let thread = Thread { [self] in
            _ = agent.run()
            lock.withLock { finished = true }
            done.signal()
        }
        thread.name = "pgct-demo-agent"
        thread.start()
    }

    var isRunning: Bool { lock.withLock { !finished } }

    /// Asks the agent to stop and waits (at most `timeout` seconds) for its current step to end.
    func stop(timeout: Double = 30) {
        agent.requestStop()
        guard isRunning else { return }
        _ = done.wait(timeout: .now() + timeout)
    }

    /// Asks the agent to stop without waiting (from the signal thread).
    func requestStop() { agent.requestStop() }

    /// The agent's last log lines, for a failure message.
    func lastLines(_ count: Int = 8) -> [String] { buffer.last(count) }
}

/// The newest log lines of the agent, bounded.
final class LineBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func append(_ line: String) {
        lock.withLock {
            lines.append(line)
            if lines.count > 200 { lines.removeFirst(lines.count - 200) }
        }
    }

    func last(_ count: Int) -> [String] { lock.withLock { Array(lines.suffix(count)) } }
}
