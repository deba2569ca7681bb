import Foundation
import ProcessSignals
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT/SIGTERM for a command that must clean up before it exits (`pgct demo`: stop the
/// agent, drop the demo schema or delete the throwaway cluster).
///
/// Through `SignalRelay` (the handler only writes to a pipe; `onSignal` runs on a thread). A
/// second signal while cleaning up means "now": the clusters are stopped and the process exits 130.
final class InterruptSignals: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// Whether a signal arrived.
    var interrupted: Bool { lock.withLock { count > 0 } }

    init(onSignal: @escaping @Sendable () -> Void, onSecondSignal: @escaping @Sendable () -> Void) {
        SignalRelay.install(for: [SIGINT, SIGTERM]) { [self] _ in
            let seen = lock.withLock { () -> Int in count += 1; return count }
            if seen == 1 { onSignal() } else { onSecondSignal() }
        }
    }
}
