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
    private var hooksInstalled = false
    private var signalSources: [DispatchSourceSignal] = []

    func register(_ cluster: EmbeddedPostgres, signalHandlers: Bool) {
        lock.withLock {
            clusters[ObjectIdentifier(cluster)] = cluster
            guard !hooksInstalled else { return }
            hooksInstalled = true
            atexit { ClusterRegistry.shared.stopAll() }
            guard signalHandlers else { return }
            for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
                // The dispatch source replaces the default action (which would kill the process
                // before cleanup); after cleanup the default action is restored and the signal
                // raised again, so the process still ends the way the sender asked.
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler {
                    ClusterRegistry.shared.stopAll()
                    signal(signalNumber, SIG_DFL)
                    raise(signalNumber)
                }
                source.resume()
                signalSources.append(source)
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
