import Foundation
import InstructData

/// The phases of a run's training corpus, in training order, read from the `manifest.json` that
/// `run` writes (`TrainingExport`): each phase's name, epochs and canonical
/// (instruction-response JSON Lines) file, checked to exist and hold examples.
public struct TrainingManifest: Sendable, Hashable {
    public struct Phase: Sendable, Hashable, Codable {
        public var name: String
        public var epochs: Int
        public var examples: Int
        public var file: String
    }

    public var path: String
    public var phases: [Phase]

    /// `directory` is a run directory (with `train/manifest.json`), its `train/` folder, or the
    /// manifest file itself.
    public static func locate(_ directory: String) throws -> String {
        let candidates = directory.hasSuffix(".json")
            ? [directory]
            : [(directory as NSString).appendingPathComponent("train/manifest.json"),
               (directory as NSString).appendingPathComponent("manifest.json")]
        guard FileManager.default.fileExists(atPath: directory) else {
            throw ToolError(.invalidInput, "\(directory): no such run directory")
        }
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate) { return candidate }
        throw ToolError(.missing, "\(directory): no train/manifest.json; `inverse-instruct run` writes it when a run finishes")
    }

    public static func read(runDirectory: String, epochs: [Int]? = nil) throws -> TrainingManifest {
        let path = try locate(runDirectory)
        let manifest: TrainingExport.Manifest
        do {
            manifest = try JSONDecoder().decode(TrainingExport.Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ToolError(.invalidInput, "\(path): not a training manifest: \(error)")
        }
        guard !manifest.phases.isEmpty else { throw ToolError(.invalidInput, "\(path): the manifest lists no phases") }
        if let epochs, epochs.count != manifest.phases.count {
            throw ToolError(.invalidSettings, "--epochs gives \(epochs.count) numbers for \(manifest.phases.count) phases")
        }
        let folder = (path as NSString).deletingLastPathComponent
        var phases: [Phase] = []
        for (index, phase) in manifest.phases.enumerated() {
            guard let listed = phase.files[TrainingFormat.instructionResponse.rawValue] else {
                throw ToolError(.invalidInput, "\(path): phase \(index + 1) (\(phase.name)) has no instruction-response file")
            }
            // The manifest's paths are absolute where the run wrote them; a moved run directory
            // still works through the file's name beside the manifest.
            let beside = (folder as NSString).appendingPathComponent((listed as NSString).lastPathComponent)
            let file = FileManager.default.fileExists(atPath: listed) ? listed : beside
            guard FileManager.default.fileExists(atPath: file) else {
                throw ToolError(.missing, "\(path): phase \(index + 1) (\(phase.name)): \(listed) does not exist")
            }
            let examples = try countExamples(file)
            guard examples > 0 else {
                throw ToolError(.invalidInput, "\(file): phase \(index + 1) (\(phase.name)) has no examples; nothing to train on")
            }
            phases.append(Phase(name: phase.name, epochs: epochs?[index] ?? phase.epochs, examples: examples, file: file))
        }
        return TrainingManifest(path: path, phases: phases)
    }

    /// Records with a string `instruction` and `response`; a malformed line is an error naming it.
    static func countExamples(_ file: String) throws -> Int {
        var count = 0
        var iterator = DatasetReader(path: file).makeIterator()
        while let item = try iterator.nextItem() {
            switch item {
            case .record(let record):
                guard record.fields["instruction"]?.stringValue != nil, record.fields["response"]?.stringValue != nil else {
                    throw ToolError(.invalidInput, at: record.location, "needs string fields `instruction` and `response`")
                }
                count += 1
            case .invalid(let invalid):
                throw ToolError(.invalidInput, at: invalid.location, invalid.reason)
            }
        }
        return count
    }
}
