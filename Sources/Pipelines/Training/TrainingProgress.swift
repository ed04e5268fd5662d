import Console
import Foundation
import InstructData
import Synchronization

/// The progress line of `train` on stderr: phase, step/total, loss, tokens/s, ETA. Drawn only on
/// a terminal and when the user did not ask for quiet or JSON, like every progress line.
public final class TrainingProgress: Sendable {
    public let isEnabled: Bool
    private let drew = Mutex(false)

    public init(quiet: Bool, enabled: Bool? = nil) {
        self.isEnabled = !quiet && (enabled ?? Terminal.isStandardErrorInteractive)
    }

    func handle(_ event: JSONValue) {
        guard isEnabled, event["event"]?.stringValue == "step", let line = Self.line(event) else { return }
        drew.withLock { $0 = true }
        Terminal.writeStandardError("\r\u{1B}[K" + line)
    }

    func finish() {
        guard isEnabled, drew.withLock({ $0 }) else { return }
        Terminal.writeStandardError("\n")
    }

    /// The text of the line for a `step` event, separate from drawing so it can be tested.
    public static func line(_ event: JSONValue) -> String? {
        guard let phase = event["phase"]?.intValue, let step = event["step"]?.intValue,
              let steps = event["steps"]?.intValue else { return nil }
        let phases = event["phases"]?.intValue.map { "/\($0)" } ?? ""
        var parts = ["train phase \(phase)\(phases)", "step \(step)/\(steps)"]
        if let loss = event["loss"]?.doubleValue { parts.append(String(format: "loss %.4f", loss)) }
        if let rate = event["tokens_per_second"]?.doubleValue { parts.append(String(format: "%.0f tokens/s", rate)) }
        if let eta = event["eta_seconds"]?.doubleValue, step < steps { parts.append("ETA " + ProgressLine.formatDuration(eta)) }
        return parts.joined(separator: "  ")
    }
}
