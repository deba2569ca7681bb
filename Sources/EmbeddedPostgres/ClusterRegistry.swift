import Foundation
import ProcessSignals
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
