import Foundation
import InstructData
import ModelClient
import Testing
import TestSupport
@testable import Pipelines

/// `train --gpus N --print-command`: the printed launch and the generated configs are what
/// accelerate accepts, checked with accelerate's own config loader, launch parser and
/// validation (Tests/Python/accelerate_launch_check.py, in the train environment). No GPU needed.
@Suite(.serialized) struct TrainingLaunchTests {
    let tool = TestPaths.product("inverse-instruct")

    func check(_ options: [String]) async throws -> [String: Any] {
        let environment = TrainEnvironment()
        guard environment.isReady else {
            throw ToolError(.missing, "the train environment is missing: run scripts/setup.sh (or inverse-instruct models prepare-trainer)")
        }
        let run = try TrainingSettingsTests.runDirectory()
        let output = run.appendingPathComponent("out").path
        let base = try ModelCache.requireTestModel().path
        let printed = try await ChildProcess.run(tool, ["train", run.path, "--base", base, "-o", output, "--print-command"] + options)
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: (output as NSString).appendingPathComponent("model")), "nothing ran")
        let launch = try #require(printed.stdout.split(separator: "\n").first { $0.contains("accelerate.commands.launch") })
        let words = launch.split(separator: " ").map(String.init)
        let arguments = Array(words.drop { $0 != "accelerate.commands.launch" }.dropFirst())
        // Every file the command names was written.
        for word in arguments where word.hasPrefix("/") {
            #expect(FileManager.default.fileExists(atPath: word), "\(word) exists")
        }
        let checker = TestPaths.repositoryRoot.appendingPathComponent("Tests/Python/accelerate_launch_check.py").path
        let checked = try await ChildProcess.run(environment.python, [checker] + arguments)
        #expect(checked.status == 0, "accelerate refused the launch: \(checked.stderr)")
        let line = try #require(checked.stdout.split(separator: "\n").last)
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func eightGPUsWithZeRO3() async throws {
        let result = try await check(["--gpus", "8", "--zero3"])
        #expect(result["distributed_type"] as? String == "DEEPSPEED")
        #expect(result["num_processes"] as? Int == 8)
        #expect(result["zero_stage"] as? Int == 3)
        #expect(result["gather_16bit_weights_on_save"] as? Bool == true)
        #expect((result["script"] as? String)?.hasSuffix(".inverse-instruct/trainer.py") == true)
        #expect((result["script_args"] as? [String])?.first == "train")
    }

    @Test func fourGPUsWithDDPAndWithFSDP() async throws {
        let ddp = try await check(["--gpus", "4"])
        #expect(ddp["distributed_type"] as? String == "MULTI_GPU")
        #expect(ddp["num_processes"] as? Int == 4)
        let fsdp = try await check(["--gpus", "4", "--fsdp", "--nodes", "2", "--main-process-ip", "10.0.0.1", "--machine-rank", "1"])
        #expect(fsdp["distributed_type"] as? String == "FSDP")
        #expect(fsdp["num_processes"] as? Int == 8)
        #expect(fsdp["num_machines"] as? Int == 2)
        #expect(fsdp["machine_rank"] as? Int == 1)
        let environment = try #require(fsdp["environment"] as? [String: String])
        #expect(environment["ACCELERATE_USE_FSDP"] == "true")
        #expect(environment["FSDP_STATE_DICT_TYPE"] == "FULL_STATE_DICT")
    }
}
