import Foundation
import Synchronization

/// A single self-rewriting progress line on stderr: `label done/total pct rate ETA`.
///
/// It draws only when stderr is a terminal and the user did not ask for quiet, so piped or
/// CI output stays clean and machine-readable. Redraws are throttled, which keeps it cheap
/// to call `advance` from hot loops and many tasks at once.
public final class ProgressReporter: Sendable {
    private struct State {
        var done = 0
        var total: Int?
        var lastDraw: ContinuousClock.Instant?
        var drewSomething = false
    }

    public let label: String
    public let unit: ProgressUnit
    public let isEnabled: Bool
    private let start = ContinuousClock.now
    private let state: Mutex<State>
    private let minimumRedrawInterval: Duration = .milliseconds(100)

    /// - Parameters:
    ///   - enabled: forces drawing on or off; `nil` means "only when stderr is a terminal".
    public init(label: String, total: Int?, unit: ProgressUnit = .items, quiet: Bool = false, enabled: Bool? = nil) {
        self.label = label
        self.unit = unit
        self.isEnabled = !quiet && (enabled ?? Terminal.isStandardErrorInteractive)
        self.state = Mutex(State(total: total))
    }

    public func setTotal(_ total: Int?) {
        state.withLock { $0.total = total }
    }

    /// Moves a known total by `delta`, for totals that are estimates corrected as work lands.
    public func adjustTotal(by delta: Int) {
        state.withLock { state in state.total = state.total.map { max(state.done, $0 + delta) } }
    }

    public func advance(by count: Int = 1) {
        let line: String? = state.withLock { state in
            state.done += count
            return renderIfDue(&state, force: false)
        }
        if let line { Terminal.writeStandardError(line) }
    }

    /// Draws the final figures and ends the line, so later output starts on a fresh one.
    public func finish() {
        let line: String? = state.withLock { state in
            guard isEnabled, state.drewSomething || state.done > 0 else { return nil }
            return (renderIfDue(&state, force: true) ?? "") + "\n"
        }
        if let line { Terminal.writeStandardError(line) }
    }

    public var completed: Int { state.withLock { $0.done } }

    private func renderIfDue(_ state: inout State, force: Bool) -> String? {
        guard isEnabled else { return nil }
        let now = ContinuousClock.now
        if !force, let last = state.lastDraw, now - last < minimumRedrawInterval { return nil }
        state.lastDraw = now
        state.drewSomething = true
        let elapsed = (now - start).seconds
        return "\r\u{1B}[K" + ProgressLine.format(
            label: label, done: state.done, total: state.total, unit: unit, elapsedSeconds: elapsed)
    }
}

/// What a progress line counts.
public enum ProgressUnit: Sendable {
    case items
    case bytes

    func amount(_ value: Int) -> String {
        self == .bytes ? ByteCount.format(value) : String(value)
    }

    func rate(_ perSecond: Double) -> String {
        self == .bytes ? ByteCount.format(Int(perSecond)) + "/s" : String(format: "%.1f/s", perSecond)
    }
}

/// The text of a progress line, separate from drawing so it can be tested.
public enum ProgressLine {
    public static func format(label: String, done: Int, total: Int?, unit: ProgressUnit = .items,
                              elapsedSeconds: Double) -> String {
        let rate = elapsedSeconds > 0 ? Double(done) / elapsedSeconds : 0
        var parts = [label]
        if let total, total > 0 {
            let percent = min(100, Int((Double(done) / Double(total) * 100).rounded(.down)))
            parts.append("\(unit.amount(done))/\(unit.amount(total))")
            parts.append("\(percent)%")
            parts.append(unit.rate(rate))
            if rate > 0, done < total {
                parts.append("ETA " + formatDuration(Double(total - done) / rate))
            } else if done >= total {
                parts.append("in " + formatDuration(elapsedSeconds))
            }
        } else {
            parts.append(unit.amount(done))
            parts.append(unit.rate(rate))
        }
        return parts.joined(separator: "  ")
    }

    public static func formatDuration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "--:--" }
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    public var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
