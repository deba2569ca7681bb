import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Every cluster this process started and has not stopped, so that normal exit and
/// SIGINT/SIGTERM stop them all. SIGKILL and crashes are the watchdog's job.
final class ClusterRegistry: @unchecked Sendable {
    static let shared = ClusterRegistry()

    private let lock = NSLock()
    private var clusters: [ObjectIdentifier: EmbeddedPostgres] = [:]
    private var exitHookInstalled = false
    private var signalHandlersInstalled = false

    func register(_ cluster: EmbeddedPostgres, signalHandlers: Bool) {
        lock.withLock {
            clusters[ObjectIdentifier(cluster)] = cluster
            if !exitHookInstalled {
                exitHookInstalled = true
                atexit { ClusterRegistry.shared.stopAll() }
            }
            guard signalHandlers, !signalHandlersInstalled else { return }
            signalHandlersInstalled = true
            SignalRelay.install(for: [SIGINT, SIGTERM, SIGHUP]) { signalNumber in
                ClusterRegistry.shared.stopAll()
                // Then end the way the sender asked: default action, same signal.
                signal(signalNumber, SIG_DFL)
                // kill, not raise: raise targets this thread, which may block the signal.
                kill(getpid(), signalNumber)
            }
        }
    }

    func unregister(_ cluster: EmbeddedPostgres) {
        _ = lock.withLock { clusters.removeValue(forKey: ObjectIdentifier(cluster)) }
    }

    /// Stops every registered cluster (each stop is idempotent).
    func stopAll() {
        let all = lock.withLock { Array(clusters.values) }
        for cluster in all { cluster.stop() }
    }
}

/// The write end of the self-pipe the signal handler writes to (set once, before handlers).
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// Moves signal handling out of the signal handler: the handler only writes the signal number
/// to a pipe (async-signal-safe); a dedicated thread reads it and runs the cleanup.
///
/// Dispatch signal sources are not used: on Linux they only see signals blocked in every
/// thread, and threads a host creates (test runners, the agent) leave them unblocked.
enum SignalRelay {
    static func install(for signals: [Int32], _ body: @escaping @Sendable (Int32) -> Void) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        signalPipeWriteEnd = ends[1]
        let readEnd = ends[0]
        let thread = Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count == 1 { body(Int32(byte)) } else if count < 0 && errno == EINTR { continue } else { return }
            }
        }
        thread.name = "pgct-signal-relay"
        thread.start()
        for signalNumber in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signalNumber in
                var byte = UInt8(truncatingIfNeeded: signalNumber)
                _ = write(signalPipeWriteEnd, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(signalNumber, &action, nil)
        }
    }
}
