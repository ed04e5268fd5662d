import Console
import Foundation
import InstructData

/// What `train` reports at the end: per phase (in training order) what it trained on and where
/// its loss ended, the totals, and the paths. `--json` prints it as one object.
public struct TrainingSummary: Sendable, Encodable {
    public struct Phase: Sendable, Encodable {
        public var name: String
        public var epochs: Int
        public var examples: Int
        public var steps: Int
        public var finalLoss: Double?
        public var effectiveBatch: Int
        /// fp32, or the 16-bit type autocast computed in (`--precision auto` decides per machine).
        public var precision: String?
        public var tokens: Int
        public var seconds: Double
        public var resumedFrom: String?
        /// Set when the phase was shorter than its warm-up (the trainer's words).
        public var warning: String?

        enum CodingKeys: String, CodingKey {
            case name, epochs, examples, steps, precision, tokens, seconds, warning
            case finalLoss = "final_loss"
            case effectiveBatch = "effective_batch"
            case resumedFrom = "resumed_from"
        }

        init(event: JSONValue) {
            name = event["name"]?.stringValue ?? ""
            epochs = event["epochs"]?.intValue ?? 0
            examples = event["examples"]?.intValue ?? 0
            steps = event["steps"]?.intValue ?? 0
            finalLoss = event["final_loss"]?.doubleValue
            effectiveBatch = event["effective_batch"]?.intValue ?? 0
            precision = event["precision"]?.stringValue
            tokens = event["tokens"]?.intValue ?? 0
            seconds = event["seconds"]?.doubleValue ?? 0
            resumedFrom = event["resumed_from"]?.stringValue
            warning = event["warning"]?.stringValue
        }
    }

    public var base: String
    public var output: String
    public var model: String
    public var gguf: String?
    public var phases: [Phase]
    public var tokens: Int
    public var seconds: Double
    public var parameters: Int?
    public var requestedBatch: Int
    public var promptFormat: String
    public var processes: Int
    public var log: String
    public var orderLog: String
    public var otherTrainers: String
    public var alreadyTrained: Bool

    enum CodingKeys: String, CodingKey {
        case base, output, model, gguf, phases, tokens, seconds, parameters, processes, log
        case requestedBatch = "requested_batch"
        case promptFormat = "prompt_format"
        case orderLog = "order_log"
        case otherTrainers = "other_trainers"
        case alreadyTrained = "already_trained"
    }

    public var text: Summary {
        var summary = Summary(title: alreadyTrained ? "train: already trained (nothing to do)" : "train: done")
        summary.add("base", base + (parameters.map { " (\(Self.millions($0)) parameters)" } ?? ""))
        for (index, phase) in phases.enumerated() {
            var batch = "effective batch \(phase.effectiveBatch)"
            if phase.effectiveBatch < requestedBatch { batch += " (of \(requestedBatch): the phase is smaller)" }
            let loss = phase.finalLoss.map { String(format: "%.4f", $0) } ?? "-"
            summary.add("phase \(index + 1)", "\(phase.name): \(phase.examples) examples × \(phase.epochs) epoch\(phase.epochs == 1 ? "" : "s"), "
                + "\(phase.steps) steps, \(batch)" + (phase.precision.map { ", \($0)" } ?? "") + ", final loss \(loss), \(phase.tokens) tokens, "
                + ProgressLine.formatDuration(phase.seconds)
                + (phase.resumedFrom != nil ? " (resumed)" : ""))
            if let warning = phase.warning { summary.add("warning", warning) }
        }
        summary.add("tokens", "\(tokens) in \(ProgressLine.formatDuration(seconds))"
            + (seconds > 0 ? String(format: " (%.0f tokens/s)", Double(tokens) / seconds) : ""))
        summary.add("model", model)
        summary.add("gguf", gguf ?? "not exported (--gguf none)")
        summary.add("log", log)
        summary.add("other trainers", otherTrainers + " (LLaMA-Factory, axolotl)")
        return summary
    }

    static func millions(_ count: Int) -> String { String(format: "%.0fM", Double(count) / 1e6) }
}
