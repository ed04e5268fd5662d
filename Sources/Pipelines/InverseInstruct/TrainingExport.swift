import Foundation
import InstructData

/// The file formats trainers read.
public enum TrainingFormat: String, Sendable, CaseIterable, Codable {
    /// `{"instruction": ..., "response": ...}` JSON Lines.
    case instructionResponse = "instruction-response"
    /// `{"messages": [{"role": "user", ...}, {"role": "assistant", ...}]}` JSON Lines.
    case messages
    /// One JSON array of `{"instruction", "input", "output"}` (Alpaca).
    case alpaca

    var fileExtension: String { self == .alpaca ? "json" : "jsonl" }

    func record(instruction: String, response: String, provenance: [String: JSONValue]) -> JSONValue {
        var object: [String: JSONValue]
        switch self {
        case .instructionResponse:
            object = ["instruction": .string(instruction), "response": .string(response)]
        case .messages:
            object = ["messages": [["role": "user", "content": .string(instruction)],
                                   ["role": "assistant", "content": .string(response)]]]
        case .alpaca:
            object = ["instruction": .string(instruction), "input": "", "output": .string(response)]
        }
        if !provenance.isEmpty { object["provenance"] = .object(provenance) }
        return .object(object)
    }
}

/// A new training pair: a selected instruction and the snippet it describes.
public struct GeneratedPair: Sendable, Hashable {
    public var instruction: String
    public var snippet: Snippet
    public var score: Double
    public var candidateIndex: Int
    /// The verify stage's finding, when the run verified.
    public var verification: Verification?

    public init(instruction: String, snippet: Snippet, score: Double, candidateIndex: Int, verification: Verification? = nil) {
        self.instruction = instruction
        self.snippet = snippet
        self.score = score
        self.candidateIndex = candidateIndex
        self.verification = verification
    }
}

/// Writes the training corpus in the paper's order (DESIGN.md): phase 1 the self-generated
/// pairs (1 epoch), phase 2 the original pairs (2 epochs), plus a manifest that records the
/// phases, files, counts and epochs for the trainer recipe.
public struct TrainingExport: Sendable {
    public var directory: URL
    public var formats: [TrainingFormat]
    public var responseStyle: String
    /// `normalized` or `raw`: the fence tag of a fenced response, as the prompts showed it (the
    /// reference trains on the code block exactly as its prompts quoted it).
    public var languageTag: String

    public init(directory: URL, formats: [TrainingFormat], responseStyle: String = "fenced", languageTag: String = "normalized") {
        self.directory = directory
        self.formats = formats
        self.responseStyle = responseStyle
        self.languageTag = languageTag
    }

    public struct Phase: Sendable, Codable, Hashable {
        public var name: String
        public var epochs: Int
        public var records: Int
        /// format → file path
        public var files: [String: String]
    }

    public struct Manifest: Sendable, Codable, Hashable {
        public var method = "inverse-instruct"
        public var order = "phase 1 (self-generated pairs) then phase 2 (original pairs), from the base model"
        public var phases: [Phase]
        public var training = [
            "optimizer": "Adafactor", "learning_rate": "5e-5", "warmup_steps": "15", "schedule": "linear decay",
            "batch_size": "512", "max_sequence_length": "1024", "loss": "response tokens only",
        ]
    }

    func response(for snippet: Snippet) -> String {
        responseStyle == "raw" ? snippet.code
            : InverseInstructPrompts.fenced(snippet.code, language: languageTag == "raw" ? snippet.tag : snippet.language)
    }

    /// The canonical (instruction-response JSONL) file of a phase; other formats derive from it.
    public func canonicalPath(phase: Int) -> String {
        let name = phase == 1 ? "phase1-generated" : "phase2-original"
        return directory.appendingPathComponent("\(name).\(TrainingFormat.instructionResponse.rawValue).jsonl").path
    }

    /// Writes both phases in the canonical format; the original pairs are streamed from the
    /// input file again. Returns the record counts of phase 1 and phase 2.
    public func writeCanonical(generated: [GeneratedPair], originals: PairSource) throws -> (Int, Int) {
        let phase1 = try JSONRecordWriter(path: canonicalPath(phase: 1))
        let phase2 = try JSONRecordWriter(path: canonicalPath(phase: 2))
        for pair in generated {
            var provenance: [String: JSONValue] = [
                "snippet_id": .string(pair.snippet.id), "candidate": .int(pair.candidateIndex),
                "lm_score": .double(pair.score), "language": .string(pair.snippet.language),
                "source": .object(["file": .string(pair.snippet.source.file), "line": .int(pair.snippet.source.line)]),
            ]
            if let verification = pair.verification { provenance["verification"] = verification.json }
            try phase1.write(TrainingFormat.instructionResponse.record(
                instruction: pair.instruction, response: response(for: pair.snippet), provenance: provenance))
        }
        while let pair = try originals.next() {
            var provenance = pair.extra
            provenance["source"] = .object(["file": .string(pair.location.file), "line": .int(pair.location.line)])
            try phase2.write(TrainingFormat.instructionResponse.record(
                instruction: pair.instruction, response: pair.response, provenance: provenance))
        }
        try phase1.commit()
        try phase2.commit()
        try originals.finish()
        return (phase1.count, phase2.count)
    }

    /// Writes the other formats from the canonical files (after any cleaning) and the manifest.
    public func finish() throws -> Manifest {
        var phases: [Phase] = []
        for (phase, name, epochs) in [(1, "self-generated", 1), (2, "original", 2)] {
            let canonical = canonicalPath(phase: phase)
            var files = [TrainingFormat.instructionResponse.rawValue: canonical]
            var writers: [(TrainingFormat, JSONRecordWriter)] = []
            for format in formats where format != .instructionResponse {
                let path = canonical.replacingOccurrences(of: ".\(TrainingFormat.instructionResponse.rawValue).jsonl",
                                                          with: ".\(format.rawValue).\(format.fileExtension)")
                writers.append((format, try JSONRecordWriter(path: path)))
                files[format.rawValue] = path
            }
            var count = 0
            for item in try DatasetReader(path: canonical).items() {
                guard case .record(let record) = item,
                      let instruction = record.fields["instruction"]?.stringValue,
                      let response = record.fields["response"]?.stringValue else { continue }
                count += 1
                let provenance = record.fields["provenance"]?.objectValue ?? [:]
                for (format, writer) in writers {
                    try writer.write(format.record(instruction: instruction, response: response, provenance: provenance))
                }
            }
            for (_, writer) in writers { try writer.commit() }
            phases.append(Phase(name: name, epochs: epochs, records: count, files: files))
        }
        let manifest = Manifest(phases: phases)
        let manifestWriter = try AtomicFileWriter(path: directory.appendingPathComponent("manifest.json").path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try manifestWriter.write(Array(try encoder.encode(manifest)) + [UInt8(ascii: "\n")])
        try manifestWriter.commit()
        return manifest
    }
}
