import Foundation
import InstructData

/// What the page shows of one `train` output directory: per optimizer step, the loss, learning
/// rate and tokens/s, phase by phase in training order (the trainer's `logs/steps.jsonl`), with
/// the phases' names and epochs from the training's own configuration.
public struct TrainingSection: Sendable, Hashable, Codable {
    public struct Step: Sendable, Hashable, Codable {
        public var phase: Int
        public var step: Int
        public var loss: Double?
        public var learningRate: Double?
        public var tokensPerSecond: Double?
    }

    public struct Phase: Sendable, Hashable, Codable {
        public var index: Int
        public var name: String
        public var epochs: Int?
        public var steps: Int
        public var firstLoss: Double?
        public var finalLoss: Double?
    }

    public var outputDirectory: String
    public var base: String?
    public var phases: [Phase]
    public var steps: [Step]
    public var tokens: Int?

    static func stepsFile(in directory: URL) -> URL {
        directory.appendingPathComponent("logs").appendingPathComponent("steps.jsonl")
    }

    public static func isTrainingOutput(_ directory: URL) -> Bool {
        FileManager.default.fileExists(atPath: stepsFile(in: directory).path)
    }

    public static func load(directory: URL) throws -> TrainingSection {
        let path = stepsFile(in: directory).path
        var steps: [Step] = []
        var tokens: Int?
        for (offset, record) in try JSONLines.objects(path: path).enumerated() {
            guard let phase = record["phase"]?.intValue, let step = record["step"]?.intValue else {
                throw ToolError(.invalidInput, "\(path):\(offset + 1): a training step needs phase and step")
            }
            steps.append(Step(phase: phase, step: step, loss: record["loss"]?.doubleValue,
                              learningRate: record["learning_rate"]?.doubleValue,
                              tokensPerSecond: record["tokens_per_second"]?.doubleValue))
            tokens = record["tokens"]?.intValue ?? tokens
        }
        // A resumed training logs the steps after its checkpoint again: the last record wins.
        var latest: [String: Int] = [:]
        for (index, step) in steps.enumerated() { latest["\(step.phase)/\(step.step)"] = index }
        steps = steps.enumerated().filter { latest["\($0.element.phase)/\($0.element.step)"] == $0.offset }.map(\.element)
            .sorted { ($0.phase, $0.step) < ($1.phase, $1.step) }

        let configuration = Self.configuration(in: directory)
        let configured = configuration?["phases"]?.arrayValue ?? []
        let indexes = Set(steps.map(\.phase)).union(configured.indices.map { $0 + 1 }).sorted()
        let phases = indexes.map { index -> Phase in
            let mine = steps.filter { $0.phase == index }
            let entry: JSONValue? = index - 1 < configured.count ? configured[index - 1] : nil
            return Phase(index: index, name: entry?["name"]?.stringValue ?? "phase \(index)", epochs: entry?["epochs"]?.intValue,
                         steps: mine.count, firstLoss: mine.first?.loss, finalLoss: mine.last?.loss)
        }
        return TrainingSection(outputDirectory: directory.path, base: configuration?["base"]?.stringValue,
                               phases: phases, steps: steps, tokens: tokens)
    }

    /// The training's settings as `train` saved them (`.inverse-instruct/train-config.json`), when present.
    static func configuration(in directory: URL) -> JSONValue? {
        let file = directory.appendingPathComponent(".inverse-instruct").appendingPathComponent("train-config.json")
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        return try? JSONParser.parse(ArraySlice([UInt8](data)))
    }
}
