import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The write end of the self-pipe the SIGINT/SIGTERM handler writes to.
nonisolated(unsafe) private var interruptPipeWriteEnd: Int32 = -1

/// SIGINT/SIGTERM for a command that must clean up before it exits (`pgct demo`: stop the
/// agent, drop the demo schema or delete the throwaway cluster).
///
/// The handler only writes the signal number to a pipe (async-signal-safe); a thread of ours
/// reads it and calls `onSignal`. Dispatch signal sources are not used: on Linux they miss
/// signals delivered to threads that leave them unblocked (the agent's, libpq's). A second
/// signal while cleaning up means "now": the clusters are stopped and the process exits 130.
final class InterruptSignals: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    /// Whether a signal arrived.
    var interrupted: Bool { lock.withLock { count > 0 } }

    init(onSignal: @escaping @Sendable () -> Void, onSecondSignal: @escaping @Sendable () -> Void) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        interruptPipeWriteEnd = ends[1]
        let readEnd = ends[0]
        let thread = Thread { [self] in
            var byte: UInt8 = 0
            while true {
                let n = read(readEnd, &byte, 1)
                if n < 0 && errno == EINTR { continue }
                guard n == 1 else { return }
                let seen = lock.withLock { () -> Int in count += 1; return count }
                if seen == 1 { onSignal() } else { onSecondSignal() }
            }
        }
        thread.name = "pgct-demo-signals"
        thread.start()
        for number in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(interruptPipeWriteEnd, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
    }
}
