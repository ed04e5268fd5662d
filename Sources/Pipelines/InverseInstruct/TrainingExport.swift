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
}

/// Writes the training corpus in the paper's order (DESIGN.md): phase 1 the self-generated
/// pairs (1 epoch), phase 2 the original pairs (2 epochs), plus a manifest that records the
/// phases, files, counts and epochs for the trainer recipe.
public struct TrainingExport: Sendable {
    public var directory: URL
    public var formats: [TrainingFormat]
    public var responseStyle: String

    public init(directory: URL, formats: [TrainingFormat], responseStyle: String = "fenced") {
        self.directory = directory
        self.formats = formats
        self.responseStyle = responseStyle
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
        responseStyle == "raw" ? snippet.code : InverseInstructPrompts.fenced(snippet.code, language: snippet.language)
    }

    /// Writes both phases; the original pairs are streamed from the input file again.
    public func write(generated: [GeneratedPair], originals: PairSource) throws -> Manifest {
        var phase1Files: [String: String] = [:]
        var phase2Files: [String: String] = [:]
        var writers1: [(TrainingFormat, JSONRecordWriter)] = []
        var writers2: [(TrainingFormat, JSONRecordWriter)] = []
        for format in formats {
            let p1 = directory.appendingPathComponent("phase1-generated.\(format.rawValue).\(format.fileExtension)").path
            let p2 = directory.appendingPathComponent("phase2-original.\(format.rawValue).\(format.fileExtension)").path
            writers1.append((format, try JSONRecordWriter(path: p1)))
            writers2.append((format, try JSONRecordWriter(path: p2)))
            phase1Files[format.rawValue] = p1
            phase2Files[format.rawValue] = p2
        }
        for pair in generated {
            let provenance: [String: JSONValue] = [
                "snippet_id": .string(pair.snippet.id), "candidate": .int(pair.candidateIndex),
                "lm_score": .double(pair.score), "language": .string(pair.snippet.language),
                "source": .object(["file": .string(pair.snippet.source.file), "line": .int(pair.snippet.source.line)]),
            ]
            for (format, writer) in writers1 {
                try writer.write(format.record(instruction: pair.instruction, response: response(for: pair.snippet),
                                               provenance: provenance))
            }
        }
        var originalCount = 0
        while let pair = try originals.next() {
            originalCount += 1
            var provenance = pair.extra
            provenance["source"] = .object(["file": .string(pair.location.file), "line": .int(pair.location.line)])
            for (format, writer) in writers2 {
                try writer.write(format.record(instruction: pair.instruction, response: pair.response, provenance: provenance))
            }
        }
        for (_, writer) in writers1 + writers2 { try writer.commit() }
        try originals.finish()
        let manifest = Manifest(phases: [
            Phase(name: "self-generated", epochs: 1, records: generated.count, files: phase1Files),
            Phase(name: "original", epochs: 2, records: originalCount, files: phase2Files),
        ])
        let manifestWriter = try AtomicFileWriter(path: directory.appendingPathComponent("manifest.json").path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try manifestWriter.write(Array(try encoder.encode(manifest)) + [UInt8(ascii: "\n")])
        try manifestWriter.commit()
        return manifest
    }
}
