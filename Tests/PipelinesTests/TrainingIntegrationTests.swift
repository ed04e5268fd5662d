import Foundation
import InstructData
import ModelClient
import Testing
import TestSupport
@testable import Pipelines

/// `train` for real on the CPU: SmolLM2-135M from the registry (its GGUF turned into a trainable
/// model), a dozen pairs, short sequences, a few steps. One training, killed in phase 2 and run
/// again, shows: a killed run resumes from its checkpoint; every phase-1 example is trained
/// before any phase-2 example; the prompt is masked and the response with its EOS is trained;
/// the loss goes down; the exported GGUF loads in the built-in engine and answers.
@Suite(.serialized) struct TrainingIntegrationTests {
    let tool = TestPaths.product("inverse-instruct")

    /// Six pairs a phase, from the Code Alpaca fixture (short ones).
    static func runDirectory() throws -> URL {
        let directory = try TestPaths.temporaryDirectory("train-e2e")
        let train = directory.appendingPathComponent("train")
        try FileManager.default.createDirectory(at: train, withIntermediateDirectories: true)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: TestPaths.codeAlpaca)) as? [[String: Any]])
        let short = records.filter { record in
            guard let instruction = record["instruction"] as? String, let output = record["output"] as? String else { return false }
            return (record["input"] as? String ?? "").isEmpty && instruction.count < 90 && (40..<160).contains(output.count)
        }.prefix(12)
        #expect(short.count == 12)
        var phases: [[String: Any]] = []
        for (index, (name, stem, epochs)) in [("self-generated", "phase1-generated", 1), ("original", "phase2-original", 2)].enumerated() {
            let file = train.appendingPathComponent("\(stem).instruction-response.jsonl")
            let lines = try short.dropFirst(index * 6).prefix(6).map { record in
                String(decoding: try JSONSerialization.data(withJSONObject: ["instruction": record["instruction"] ?? "",
                                                                             "response": record["output"] ?? ""]), as: UTF8.self)
            }
            try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
            phases.append(["name": name, "epochs": epochs, "records": 6, "files": ["instruction-response": file.path]])
        }
        try JSONSerialization.data(withJSONObject: ["method": "inverse-instruct", "order": "", "phases": phases,
                                                    "training": [String: String]()])
            .write(to: train.appendingPathComponent("manifest.json"))
        return directory
    }

    static func jsonLines(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test func trainKilledResumedThenTheModelAnswersInTheEngine() async throws {
        guard TrainEnvironment().isReady else {
            throw ToolError(.missing, "the train environment is missing: run scripts/setup.sh (or inverse-instruct models prepare-trainer)")
        }
        _ = try ModelCache.requireTestModel()
        let run = try Self.runDirectory()
        let output = run.appendingPathComponent("trained").path
        let layout = TrainingRun.Layout(output: output)
        // Two examples a step: phase 1 three steps, phase 2 six (two epochs); a checkpoint every step.
        let arguments = ["train", run.path, "--base", "smollm2-135m", "-o", output, "--batch-size", "2",
                         "--micro-batch-size", "2", "--max-length", "128", "--warmup-steps", "0",
                         "--learning-rate", "3e-4", "--save-every", "1", "--json"]

        // Killed (SIGKILL, no chance to clean up) once phase 2 has a checkpoint.
        let first = try ChildProcess.start(tool, arguments)
        let phase2 = (output as NSString).appendingPathComponent("checkpoints/phase-2")
        let deadline = Date().addingTimeInterval(1500)
        while first.isRunning, Date() < deadline,
              !FileManager.default.fileExists(atPath: (phase2 as NSString).appendingPathComponent("checkpoint-2/inverse-instruct-complete")) {
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(first.isRunning, "the training was still going when killed")
        kill(first.processIdentifier, SIGKILL)
        await ChildProcess.waitWithoutBlocking(first)

        // The same command again: resumes phase 2 from its checkpoint, finishes, exports.
        let second = try await ChildProcess.run(tool, arguments)
        #expect(second.status == 0, "\(second.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        let phases = try #require(summary["phases"] as? [[String: Any]])
        #expect(phases.map { $0["name"] as? String } == ["self-generated", "original"])
        #expect(phases.map { $0["epochs"] as? Int } == [1, 2])
        #expect(phases.map { $0["examples"] as? Int } == [6, 6])
        #expect(phases.map { $0["steps"] as? Int } == [3, 6])
        #expect(phases.allSatisfy { ($0["final_loss"] as? Double) != nil })
        #expect(phases.allSatisfy { $0["warning"] == nil }, "no warm-up, so no phase is shorter than it")
        #expect((phases[1]["resumed_from"] as? String)?.hasSuffix("checkpoint-2") == true, "phase 2 resumed")
        #expect(phases[0]["resumed_from"] == nil || phases[0]["resumed_from"] is NSNull)
        #expect(summary["gguf"] as? String == layout.gguf)

        // Order: every phase-1 example before any phase-2 example; each phase-2 example twice
        // (the micro-batches trained before the kill and after the checkpoint appear twice).
        let order = try Self.jsonLines(layout.orderLog)
        let phaseSequence = order.compactMap { $0["phase"] as? Int }
        let lastPhase1 = try #require(phaseSequence.lastIndex(of: 1))
        let firstPhase2 = try #require(phaseSequence.firstIndex(of: 2))
        #expect(lastPhase1 < firstPhase2)
        let phase1Examples = Set(order.filter { $0["phase"] as? Int == 1 }.flatMap { $0["examples"] as? [String] ?? [] })
        #expect(phase1Examples == Set((0..<6).map { "1:\($0)" }))
        let phase2Examples = order.filter { $0["phase"] as? Int == 2 }.flatMap { $0["examples"] as? [String] ?? [] }
        for index in 0..<6 { #expect(phase2Examples.filter { $0 == "2:\(index)" }.count >= 2) }

        // Masking: on a tokenized example, the prompt is masked; the response and the EOS are trained.
        let tokenized = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: (output as NSString).appendingPathComponent("logs/tokenized-phase-1.json")))) as? [String: Any])
        let labels = try #require(tokenized["labels"] as? [Int])
        let ids = try #require(tokenized["input_ids"] as? [Int])
        let firstTrained = try #require(labels.firstIndex { $0 != -100 })
        #expect(firstTrained > 5, "the prompt's tokens are masked")
        #expect(labels[firstTrained...].allSatisfy { $0 != -100 }, "everything after the prompt is trained")
        #expect(zip(ids, labels).allSatisfy { $1 == -100 || $0 == $1 })
        let trainedText = try #require(tokenized["trained_text"] as? String)
        let maskedText = try #require(tokenized["masked_text"] as? String)
        let eos = try #require(tokenized["eos_token"] as? String)
        #expect(trainedText.contains(eos), "the EOS is trained")
        #expect(maskedText.contains("user"))
        let phase1File = try String(contentsOfFile: run.appendingPathComponent("train/phase1-generated.instruction-response.jsonl").path,
                                    encoding: .utf8)
        let firstLine = try #require(phase1File.split(separator: "\n").first)
        let firstRecord = try #require(try JSONSerialization.jsonObject(with: Data(firstLine.utf8)) as? [String: String])
        let instruction = try #require(firstRecord["instruction"])
        #expect(maskedText.contains(instruction))
        #expect(!trainedText.contains(instruction))

        // The loss goes down: phase 2's second epoch (the same examples again) below its first.
        var losses: [Int: Double] = [:]
        for step in try Self.jsonLines((output as NSString).appendingPathComponent("logs/steps.jsonl")) where step["phase"] as? Int == 2 {
            if let number = step["step"] as? Int, let loss = step["loss"] as? Double { losses[number] = loss }
        }
        let epoch1 = (1...3).compactMap { losses[$0] }
        let epoch2 = (4...6).compactMap { losses[$0] }
        #expect(epoch1.count == 3 && epoch2.count == 3)
        let mean1 = epoch1.reduce(0, +) / Double(max(1, epoch1.count))
        let mean2 = epoch2.reduce(0, +) / Double(max(1, epoch2.count))
        #expect(mean2 < mean1, "phase 2 losses by step: \(losses.sorted { $0.key < $1.key })")

        // Back to the engine: the GGUF loads and answers.
        try await withLocalEngine(model: layout.gguf, options: .init(parallel: 1, contextPerSlot: 512, threads: 2)) { engine in
            let prompt = PromptTemplate.chatml.render(instruction: "Write a Python function that returns the sum of a list.",
                                                      responsePrefix: "")
            let result = try await withEndpointPool([engine.endpoint]) { pool in
                try await pool.complete(CompletionRequest(prompt: prompt, sampling: .greedy(maxTokens: 24)))
            }
            #expect(!result.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        }

        // A finished training run again does nothing, and says so.
        let again = try await ChildProcess.run(tool, arguments)
        #expect(again.status == 0, "\(again.stderr)")
        let repeated = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(repeated["already_trained"] as? Bool == true)
    }
}
