import Console
import Foundation
import ModelClient
import Pipelines
import Testing
import TestSupport
@testable import Reporting

/// A report of a real small run (the local engine with SmolLM2) and of two results files of one
/// benchmark, opened in headless Chromium: it loads without console errors, asks for nothing
/// over the network, and every chart is drawn at a sensible size. The screenshot is kept in the
/// test's temporary folder, and its path printed.
@Suite(.serialized) struct ReportInBrowserTests {
    static let testModel = "smollm2-135m"

    /// Six example pairs through Inverse-Instruct, K = 3, verified (the page's verdict chart).
    func smallFinishedRun() async throws -> URL {
        let lines = try String(contentsOf: TestPaths.examples.appendingPathComponent("pairs.jsonl"), encoding: .utf8)
            .split(separator: "\n").prefix(6)
        let folder = try TestPaths.temporaryDirectory("report-input")
        let input = folder.appendingPathComponent("pairs.jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: input)
        let directory = try TestPaths.temporaryDirectory("report-run")
        var settings = InverseInstructSettings()
        settings.input = input.path
        settings.runDirectory = directory.path
        settings.candidates = 3
        settings.maxTokens = 48
        settings.seed = 7
        settings.concurrency = 4
        settings.pricePerMillionPromptTokens = 0.1
        settings.pricePerMillionCompletionTokens = 0.4
        settings.verify = true
        settings.verifyOriginal = true
        try await withLocalEngine(model: Self.testModel, options: .init(parallel: 2, contextPerSlot: 2048, threads: 1)) { engine in
            let silent: (String, Int?) -> ProgressReporter = { label, total in
                ProgressReporter(label: label, total: total, enabled: false)
            }
            let run = try InverseInstructRun(settings: settings, directory: directory)
            try run.prepare(progress: silent)
            // The whole `run` path: the sandbox and the analyzer come with the model.
            let selection = try ModelSelection(endpointURLs: [engine.baseURL], model: nil, apiKeyVariable: nil, concurrency: 4,
                                               engineParallel: 2, requirements: InverseInstructRun.modelRequirements)
            try await run.execute(selection, log: { _ in }, progress: silent)
            _ = try await run.finish()
        }
        return directory
    }

    /// Two results files of the same HumanEval tasks, in the format `eval` writes: the second
    /// solves some tasks the first does not, and fails one it solves.
    func twoResultsFiles(in folder: URL) throws -> (URL, URL) {
        func line(_ task: Int, _ passed: Bool, _ plus: Bool) -> String {
            #"{"task_id":"HumanEval/\#(task)","sample":0,"line":\#(task + 1),"passed":\#(passed && plus),"base_passed":\#(passed),"#
                + #""plus_passed":\#(plus),"status":"\#(passed && plus ? "passed" : "failed")","#
                + #""message":"\#(passed && plus ? "" : "AssertionError: </script> at input 3")","duration":0.05}"#
        }
        let base = folder.appendingPathComponent("base_results.jsonl")
        let trained = folder.appendingPathComponent("trained_results.jsonl")
        try (0..<40).map { line($0, $0 % 3 != 0, $0 % 4 != 0) }.joined(separator: "\n").write(to: base, atomically: true, encoding: .utf8)
        try (0..<40).map { line($0, $0 % 5 != 0, $0 % 7 != 1) }.joined(separator: "\n").write(to: trained, atomically: true, encoding: .utf8)
        return (base, trained)
    }

    /// The evidence file of a real `decontaminate` run: one record holds MBPP task 2's solution,
    /// one HumanEval/0's prompt, one is clean.
    func decontaminationEvidence(in folder: URL) async throws -> URL {
        let input = folder.appendingPathComponent("corpus.jsonl")
        let records = [
            #"{"instruction":"Find the shared elements of two lists.","response":"def similar_elements(test_tup1, test_tup2):\n  res = tuple(set(test_tup1) & set(test_tup2))\n  return (res)"}"#,
            #"{"instruction":"Check if in given list of numbers, are any two numbers closer to each other than given threshold.","response":"def has_close_elements(numbers, threshold):\n    return False"}"#,
            #"{"instruction":"Add two numbers.","response":"def add(a, b):\n    return a + b"}"#,
        ]
        try (records.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("clean.jsonl")
        let run = try await ChildProcess.run(TestPaths.product("inverse-instruct"),
                                       ["decontaminate", input.path, "-o", output.path, "--against", "humaneval,mbpp", "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        return folder.appendingPathComponent("clean.contaminated.jsonl")
    }

    /// A `train` output directory as the trainer leaves it: `logs/steps.jsonl` (a killed and
    /// resumed phase 2 logs its step 3 twice) and the training's saved settings.
    static func trainingOutput(in folder: URL) throws -> URL {
        let output = folder.appendingPathComponent("trained-model")
        let logs = output.appendingPathComponent("logs")
        let settings = output.appendingPathComponent(".inverse-instruct")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: settings, withIntermediateDirectories: true)
        var lines: [String] = []
        for step in 1...6 { lines.append(#"{"phase":1,"phases":2,"step":\#(step),"steps":6,"loss":\#(1.5 - 0.1 * Double(step)),"learning_rate":\#(5e-5 * Double(step) / 6),"tokens":\#(step * 900),"tokens_per_second":10.5}"#) }
        for step in [1, 2, 3, 3, 4, 5, 6, 7, 8] { lines.append(#"{"phase":2,"phases":2,"step":\#(step),"steps":8,"loss":\#(1.0 - 0.05 * Double(step)),"learning_rate":\#(5e-5 * Double(9 - step) / 8),"tokens":\#(5400 + step * 900),"tokens_per_second":11.0}"#) }
        try lines.joined(separator: "\n").write(to: logs.appendingPathComponent("steps.jsonl"), atomically: true, encoding: .utf8)
        try #"{"base":"smollm2-135m","phases":[{"name":"self-generated","epochs":1,"file":"a.jsonl"},{"name":"original","epochs":2,"file":"b.jsonl"}]}"#
            .write(to: settings.appendingPathComponent("train-config.json"), atomically: true, encoding: .utf8)
        return output
    }

    @Test func aRunAndAComparisonLoadInChromiumDrawEveryChartAndTouchNoNetwork() async throws {
        #expect(HeadlessChromium.isInstalled, "Debian's chromium is not installed: scripts/setup.sh installs it")
        guard HeadlessChromium.isInstalled else { return }
        let run = try await smallFinishedRun()
        let folder = try TestPaths.temporaryDirectory("report-page")
        let (base, trained) = try twoResultsFiles(in: folder)
        let page = folder.appendingPathComponent("report.html")
        let training = try Self.trainingOutput(in: folder)
        let evidence = try await decontaminationEvidence(in: folder)
        var request = ReportRequest(paths: [run.path, base.path, trained.path, training.path, evidence.path])
        request.labels = ["base", "trained"]
        let document = try ReportWriter.write(request, to: page.path)
        #expect(document.inverseInstruct.count == 1)
        #expect(document.training.map(\.phases.count) == [2])
        #expect(document.cleaning.map(\.removed) == [2], "decontaminate removed the MBPP solution and the HumanEval prompt")
        #expect(document.inverseInstruct.first?.usage.cost != nil)
        let verdicts = document.inverseInstruct.first?.verdicts ?? [:]
        #expect(verdicts.values.reduce(0, +) == document.inverseInstruct.first?.selectedPairs, "every selected pair has a verdict")
        #expect(document.inverseInstruct.first?.originalVerdicts.isEmpty == false)
        #expect(document.evaluations.count == 2)
        #expect(document.comparisons.count == 1)
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("default-src 'none'"), "the page forbids every network load")
        #expect(!html.contains("AssertionError: </script>"), "record text cannot close the data element")

        let load = try await HeadlessChromium.load(page, profile: folder.appendingPathComponent("profile"))
        #expect(load.consoleMessages.isEmpty, "console: \(load.consoleMessages)")
        let body = try #require(attributesOfElements("body", in: load.dom).first, "no <body> in: \(load.dom.prefix(500))")
        #expect(body["data-report-ready"] == "true", "the page's script did not finish: \(body)")
        #expect(body["data-errors"] == "[]", "script errors: \(body["data-errors"] ?? "")")
        #expect(body["data-resources"] == "0", "the page loaded resources")
        let canvases = attributesOfElements("canvas", in: load.dom)
        // Inverse-Instruct: 7 charts (timeline and verdicts included); the comparison: 2; training: 3; cleaning: 2.
        #expect(canvases.count >= 14, "\(canvases.count) charts")
        #expect(canvases.contains { $0["data-chart"]?.hasPrefix("Verify") == true }, "the verdict chart")
        #expect(body["data-charts"] == String(canvases.count))
        for canvas in canvases {
            let width = Int(canvas["data-width"] ?? "") ?? 0
            let height = Int(canvas["data-height"] ?? "") ?? 0
            let painted = Int(canvas["data-painted"] ?? "") ?? 0
            #expect(width >= 300 && height >= 200, "\(canvas["data-chart"] ?? "?"): \(width)×\(height)")
            #expect(painted > width * height / 200, "\(canvas["data-chart"] ?? "?") is nearly blank: \(painted) pixels")
        }
        let taskGrids = attributesOfElements("div", in: load.dom).filter { $0["class"] == "grid" }
        #expect(taskGrids.map { $0["data-tasks"] } == ["40", "40"])

        let screenshot = folder.appendingPathComponent("report.png")
        let shot = try await HeadlessChromium.screenshot(page, to: screenshot, profile: folder.appendingPathComponent("profile"))
        #expect(FileManager.default.fileExists(atPath: screenshot.path), "no screenshot: \(shot.stderr.suffix(2000))")
        print("report: \(page.path)\nscreenshot: \(screenshot.path)")
    }
}
