import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs Swift code when the process receives a signal, outside the signal handler.
///
/// The handler only writes the signal number to a pipe (async-signal-safe); a dedicated
/// thread reads it and calls the Swift closure, where anything may be done (stop a cluster,
/// ask the agent to stop, print). Dispatch signal sources are not used: on Linux they only see
/// signals blocked in every thread, and threads a host creates (test runners, libpq, the
/// agent) leave them unblocked. Used by EmbeddedPostgres (stop clusters on SIGINT/SIGTERM),
/// `pgct agent` (graceful stop) and `pgct demo` (clean up, then exit 130).
public enum SignalRelay {
    /// Per signal number, the write end of the pipe its handler writes to (-1: none). Plain
    /// memory, so that the handler reads it without any Swift runtime call.
    nonisolated(unsafe) private static let writeEnds: UnsafeMutablePointer<Int32> = {
        let ends = UnsafeMutablePointer<Int32>.allocate(capacity: Int(NSIG))
        ends.initialize(repeating: -1, count: Int(NSIG))
        return ends
    }()

    /// Routes `signals` to `body`, which runs on a thread of its own with the signal number.
    /// A later call for the same signal replaces the earlier route.
    public static func install(for signals: [Int32], _ body: @escaping @Sendable (Int32) -> Void) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
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
        for signalNumber in signals where signalNumber > 0 && signalNumber < NSIG {
            writeEnds[Int(signalNumber)] = ends[1]
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signalNumber in
                var byte = UInt8(truncatingIfNeeded: signalNumber)
                _ = write(SignalRelay.writeEnds[Int(signalNumber)], &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(signalNumber, &action, nil)
        }
    }

    /// Gives `signals` back their default action (the relay's thread stays idle).
    public static func restoreDefault(_ signals: [Int32]) {
        for signalNumber in signals { signal(signalNumber, SIG_DFL) }
    }
}
