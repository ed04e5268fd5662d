import Evaluation
import Foundation
import InstructData
import ModelClient
import RunStore
import Testing
import TestSupport

/// `eval humaneval|mbpp --endpoint …`: the real binary generates samples with the real engine
/// (SmolLM2, which mostly fails the tasks: these tests check structure, not scores), writes them,
/// checks them in the real sandbox, and resumes from its run directory.
@Suite(.serialized) struct EvalGenerationIntegrationTests {
    static let testModel = "smollm2-135m"
    let tool = TestPaths.product("inverse-instruct")

    /// Raw records of a benchmark file whose task id passes `keep`, written as JSONL.
    func subset(of path: String, idField: String = "task_id", keep: (JSONValue) -> Bool, limit: Int, into url: URL) throws {
        var lines: [String] = []
        for item in try DatasetReader(path: path).items() {
            guard case .record(let record) = item, let id = record.fields[idField], keep(id) else { continue }
            lines.append(JSONValue.object(record.fields).serialized())
            if lines.count == limit { break }
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
    }

    func records(_ url: URL) throws -> [[String: Any]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    func summary(_ output: ProcessOutput) throws -> [String: Any] {
        #expect(output.stdout.split(separator: "\n").count == 1, "--json prints one object: \(output.stdout)")
        return try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    @Test func humanEvalGeneratesEvaluatesAndResumesWithoutRequests() async throws {
        let data = TestPaths.humanEval.path
        let directory = try TestPaths.temporaryDirectory("eval-gen-he")
        let problems = directory.appendingPathComponent("humaneval-3.jsonl")
        try subset(of: data, keep: { _ in true }, limit: 3, into: problems)
        let results = directory.appendingPathComponent("he_results.jsonl")
        let samplesFile = directory.appendingPathComponent("he_samples.jsonl")

        try await withLocalEngine(model: Self.testModel, options: .init(parallel: 2, contextPerSlot: 2048, threads: 1)) { engine in
            let arguments = ["eval", "humaneval", "--problems", problems.path, "--endpoint", engine.baseURL,
                             "-o", results.path, "--max-tokens", "160", "--json"]
            let first = try await ChildProcess.run(tool, arguments)
            #expect(first.status == 0, "\(first.stderr)")
            let report = try summary(first)
            #expect(report["tasks"] as? Int == 3)
            #expect(report["samples"] as? Int == 3)
            #expect(report["pass@1"] is Double)
            #expect(report["results"] as? String == results.path)
            let generation = try #require(report["generation"] as? [String: Any])
            #expect(generation["requests"] as? Int == 3, "one greedy request per task")
            #expect(generation["samples"] as? Int == 3)
            #expect(generation["prompt_format"] as? String == "chatml")
            #expect((generation["completion_tokens"] as? Int ?? 0) > 0)
            #expect(generation["samples_file"] as? String == samplesFile.path)
            #expect(generation["run_directory"] as? String == directory.appendingPathComponent("he.run").path)
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("he.run/run.sqlite").path))

            // One evalplus sample per task, in task order: the prompt and its continuation as
            // evalplus.sanitize leaves them; the continuations as written are kept beside them.
            let ids = ["HumanEval/0", "HumanEval/1", "HumanEval/2"]
            let samples = try records(samplesFile)
            #expect(samples.map { $0["task_id"] as? String } == ids)
            for sample in samples {
                let solution = try #require(sample["solution"] as? String)
                #expect(sample["completion"] == nil)
                #expect(!solution.contains("```"))
            }
            let rawFile = directory.appendingPathComponent("he_samples.raw.jsonl")
            let sanitized = try #require(generation["sanitized"] as? [String: Any])
            #expect(sanitized["raw_samples_file"] as? String == rawFile.path)
            #expect((sanitized["changed"] as? Int).map { (0...3).contains($0) } == true)
            let raw = try records(rawFile)
            #expect(raw.map { $0["task_id"] as? String } == ids)
            for sample in raw {
                let completion = try #require(sample["completion"] as? String)
                #expect(!completion.contains("```"), "cut at the closing fence: \(completion)")
                #expect(completion.isEmpty || completion.hasSuffix("\n"))
            }
            #expect(try records(results).count == 3)
            let written = try String(contentsOf: samplesFile, encoding: .utf8)

            // The same command again: every unit is done, so no model request, same samples.
            let second = try await ChildProcess.run(tool, arguments)
            #expect(second.status == 0, "\(second.stderr)")
            let again = try summary(second)
            let secondGeneration = try #require(again["generation"] as? [String: Any])
            #expect(secondGeneration["requests"] as? Int == 0)
            #expect(again["tasks"] as? Int == 3)
            #expect(try String(contentsOf: samplesFile, encoding: .utf8) == written)
            #expect(again["pass@1"] as? Double == report["pass@1"] as? Double)
        }
    }

    /// MultiPL-E (JavaScript, two tasks): the prompt pre-filled in a fence, the continuation cut
    /// at the fence and the file's stop tokens, the samples written with their language and
    /// checked by node in the sandbox; a second run makes no model request.
    @Test func multiplEGeneratesChecksAndResumes() async throws {
        let directory = try TestPaths.temporaryDirectory("eval-gen-mple")
        let problems = directory.appendingPathComponent("js-2.jsonl")
        try subset(of: TestPaths.benchmarkData.appendingPathComponent("multipl-e/humaneval-js.jsonl").path,
                   idField: "name", keep: { _ in true }, limit: 2, into: problems)
        let results = directory.appendingPathComponent("mple_results.jsonl")
        let samplesFile = directory.appendingPathComponent("mple_samples.jsonl")
        try await withLocalEngine(model: Self.testModel, options: .init(parallel: 2, contextPerSlot: 2048, threads: 1)) { engine in
            let arguments = ["eval", "multipl-e", "--language", "javascript", "--problems", problems.path,
                             "--endpoint", engine.baseURL, "-o", results.path, "--max-tokens", "96", "--json"]
            let first = try await ChildProcess.run(tool, arguments)
            #expect(first.status == 0, "\(first.stderr)")
            let report = try summary(first)
            #expect(report["benchmark"] as? String == "multipl-e")
            #expect(report["language"] as? String == "js")
            #expect(report["tasks"] as? Int == 2)
            #expect(report["pass@1"] is Double)
            let generation = try #require(report["generation"] as? [String: Any])
            #expect(generation["requests"] as? Int == 2, "one greedy request per task")
            #expect(generation["samples_file"] as? String == samplesFile.path)
            let samples = try records(samplesFile)
            #expect(samples.map { $0["language"] as? String } == ["js", "js"])
            #expect(samples.map { $0["task_id"] as? String } == ["HumanEval_23_strlen", "HumanEval_89_encrypt"])
            for sample in samples {
                let completion = try #require(sample["completion"] as? String)
                #expect(!completion.contains("```") && !completion.contains("\nfunction "), "cut: \(completion)")
            }
            #expect(try records(results).count == 2)

            let second = try await ChildProcess.run(tool, arguments)
            #expect(second.status == 0, "\(second.stderr)")
            let again = try #require(try summary(second)["generation"] as? [String: Any])
            #expect(again["requests"] as? Int == 0)
        }
    }

    @Test func mbppGeneratesTheTestSplitAndResumesPerTask() async throws {
        let directory = try TestPaths.temporaryDirectory("eval-gen-mbpp")
        let mbpp = TestPaths.mbpp.path
        // Task 2 is in the few-shot split: generation's default split (test) leaves it out.
        let two = directory.appendingPathComponent("mbpp-2.jsonl")
        let four = directory.appendingPathComponent("mbpp-4.jsonl")
        try subset(of: mbpp, keep: { [2, 11, 12].contains($0.intValue ?? 0) }, limit: 3, into: two)
        try subset(of: mbpp, keep: { [2, 11, 12, 13].contains($0.intValue ?? 0) }, limit: 4, into: four)
        let runDirectory = directory.appendingPathComponent("run")
        let results = directory.appendingPathComponent("mbpp_results.jsonl")

        try await withLocalEngine(model: Self.testModel, options: .init(parallel: 2, contextPerSlot: 2048, threads: 1)) { engine in
            func arguments(_ problems: URL) -> [String] {
                ["eval", "mbpp", "--problems", problems.path, "--endpoint", engine.baseURL, "--run-dir", runDirectory.path,
                 "-o", results.path, "--max-tokens", "160", "--json"]
            }
            let first = try await ChildProcess.run(tool, arguments(two))
            #expect(first.status == 0, "\(first.stderr)")
            let firstReport = try summary(first)
            #expect(firstReport["tasks"] as? Int == 2)
            #expect((firstReport["generation"] as? [String: Any])?["requests"] as? Int == 2)

            // One more task: only its unit needs the model.
            let second = try await ChildProcess.run(tool, arguments(four))
            #expect(second.status == 0, "\(second.stderr)")
            let report = try summary(second)
            #expect(report["tasks"] as? Int == 3)
            #expect(report["samples"] as? Int == 3)
            #expect(report["pass@1"] is Double)
            let generation = try #require(report["generation"] as? [String: Any])
            #expect(generation["requests"] as? Int == 1)
            #expect(generation["units"] as? Int == 3)

            // evalplus solution format, whole programs.
            let samples = try records(directory.appendingPathComponent("mbpp_samples.jsonl"))
            #expect(samples.map { $0["task_id"] as? String } == ["Mbpp/11", "Mbpp/12", "Mbpp/13"])
            for sample in samples {
                let solution = try #require(sample["solution"] as? String)
                #expect(sample["completion"] == nil)
                #expect(!solution.contains("```"))
            }
            #expect(try records(results).count == 3)
            let store = try #require(try RunStore.openExisting(directory: runDirectory))
            #expect(try store.completionCounts(stage: "generate-mbpp").values.allSatisfy { $0 == 1 })

            let third = try await ChildProcess.run(tool, arguments(four))
            #expect(third.status == 0, "\(third.stderr)")
            #expect((try summary(third)["generation"] as? [String: Any])?["requests"] as? Int == 0)
        }
    }

    @Test func sampledChatGenerationSplitsNAcrossTheEnginesSlots() async throws {
        let data = TestPaths.humanEval.path
        let directory = try TestPaths.temporaryDirectory("eval-gen-chat")
        let problems = directory.appendingPathComponent("humaneval-2.jsonl")
        try subset(of: data, keep: { _ in true }, limit: 2, into: problems)
        let results = directory.appendingPathComponent("chat_results.jsonl")

        try await withLocalEngine(model: Self.testModel, options: .init(parallel: 2, contextPerSlot: 2048, threads: 1)) { engine in
            // 3 samples per task with 2 slots: llama.cpp allows n ≤ slots, so n=2 and n=1.
            let run = try await ChildProcess.run(tool, ["eval", "humaneval", "--problems", problems.path, "--endpoint", engine.baseURL,
                                                  "-o", results.path, "--prompt-format", "chat", "--samples-per-task", "3",
                                                  "--max-tokens", "64", "--no-sanitize", "--json"])
            #expect(run.status == 0, "\(run.stderr)")
            let report = try summary(run)
            #expect(report["tasks"] as? Int == 2)
            #expect(report["samples"] as? Int == 6)
            #expect(report["pass@1"] is Double)
            #expect(report["pass@2"] is Double)
            let generation = try #require(report["generation"] as? [String: Any])
            #expect(generation["prompt_format"] as? String == "chat")
            // --no-sanitize: the samples as the model wrote them, and nothing beside them.
            #expect(generation["sanitized"] == nil)
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("chat_samples.raw.jsonl").path))
            #expect(generation["requests"] as? Int == 4)
            #expect(generation["units"] as? Int == 2)
            let samples = try records(directory.appendingPathComponent("chat_samples.jsonl"))
            #expect(samples.map { $0["task_id"] as? String } == Array(repeating: "HumanEval/0", count: 3) + Array(repeating: "HumanEval/1", count: 3))
            // The reply's fences are gone. (Backticks inside a line are the model's own text:
            // the sampled 135M model sometimes writes them into code.)
            #expect(samples.allSatisfy { sample in
                (sample["completion"] as? String).map { completion in
                    !completion.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("```") }
                } == true
            })
        }
    }

    @Test func killedGenerationResumesWithoutRedoingFinishedUnits() async throws {
        let directory = try TestPaths.temporaryDirectory("eval-gen-kill")
        let problems = directory.appendingPathComponent("mbpp-5.jsonl")
        try subset(of: TestPaths.mbpp.path,
                   keep: { (11...15).contains($0.intValue ?? 0) }, limit: 5, into: problems)
        let runDirectory = directory.appendingPathComponent("run")
        try await withLocalEngine(model: Self.testModel, options: .init(parallel: 2, contextPerSlot: 2048, threads: 1)) { engine in
            let arguments = ["eval", "mbpp", "--problems", problems.path, "--endpoint", engine.baseURL, "--concurrency", "1",
                             "--run-dir", runDirectory.path, "-o", directory.appendingPathComponent("r.jsonl").path,
                             "--max-tokens", "160", "--json"]
            let child = try ChildProcess.start(tool, arguments)
            let killed = try await ChildProcess.kill(child, when: {
                try RunStore.openExisting(directory: runDirectory)?.counts(stage: "generate-mbpp").done ?? 0 >= 1
            }, timeout: 300)
            #expect(killed, "the generation was killed before it finished")
            let store = try #require(try RunStore.openExisting(directory: runDirectory))
            let doneBefore = try store.counts(stage: "generate-mbpp").done
            #expect(doneBefore < 5)

            let resumed = try await ChildProcess.run(tool, arguments)
            #expect(resumed.status == 0, "\(resumed.stderr)")
            let report = try summary(resumed)
            #expect(report["tasks"] as? Int == 5)
            #expect((report["generation"] as? [String: Any])?["requests"] as? Int == 5 - doneBefore)
            #expect(try store.completionCounts(stage: "generate-mbpp").values.allSatisfy { $0 == 1 })
            #expect(try store.completionCounts(stage: "generate-mbpp").count == 5)
        }
    }

    @Test func samplesAndGenerationOptionsDoNotMix() async throws {
        let run = try await ChildProcess.run(tool, ["eval", "humaneval", "--samples", "s.jsonl", "--endpoint", "http://127.0.0.1:1"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--samples checks samples you already have"))
    }
}
