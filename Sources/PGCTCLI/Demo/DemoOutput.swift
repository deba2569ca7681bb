import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The demo's terminal timeline: timestamped lines, and a progress indicator while it waits
/// for the agent — a spinner redrawn in place on a terminal; in a log (stdout not a TTY) one
/// "waiting" line and a "still waiting" line every few seconds, so CI logs stay readable.
final class DemoOutput: @unchecked Sendable {
    let isTerminal: Bool
    let useColor: Bool
    private let started = Date()
    private let lock = NSLock()
    private var progressShown = false
    private var spinnerIndex = 0
    private var lastLogNote = Date.distantPast

    init() {
        isTerminal = isatty(STDOUT_FILENO) == 1
        useColor = isTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    var elapsed: Double { Date().timeIntervalSince(started) }

    enum Style: String { case bold = "1", dim = "2", green = "32", red = "31", yellow = "33", cyan = "36" }

    func styled(_ text: String, _ style: Style) -> String {
        useColor ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// A line of the timeline, prefixed with the seconds since the demo started.
    func line(_ text: String) {
        plain(styled(String(format: "[%6.2fs]", elapsed), .dim) + " " + text)
    }

    /// A line without the time prefix (headers, tables).
    func plain(_ text: String) {
        lock.withLock {
            clearProgress()
            print(text)
            fflush(nil)
        }
    }

    /// Shows that the demo is waiting for `what`, `waited` seconds so far.
    func progress(_ what: String, waited: Double) {
        lock.withLock {
            if isTerminal {
                let frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
                spinnerIndex = (spinnerIndex + 1) % frames.count
                let text = String(format: "%@ waiting for %@ (%.1f s)", frames[spinnerIndex], what, waited)
                print("\r\u{1B}[K" + styled(text, .cyan), terminator: "")
                progressShown = true
            } else if waited >= 5, Date().timeIntervalSince(lastLogNote) >= 5 {
                lastLogNote = Date()
                print(String(format: "[%6.2fs]   … still waiting for %@ (%.0f s)", elapsed, what, waited))
            }
            fflush(nil)
        }
    }

    /// Ends a wait: the spinner disappears (a terminal) or the wait is closed (a log).
    func endProgress() {
        lock.withLock {
            clearProgress()
            lastLogNote = .distantPast
            fflush(nil)
        }
    }

    private func clearProgress() {
        if progressShown {
            print("\r\u{1B}[K", terminator: "")
            progressShown = false
        }
    }
}
