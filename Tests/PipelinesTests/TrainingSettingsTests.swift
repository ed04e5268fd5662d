import Foundation
import InstructData
import Testing
import TestSupport
@testable import Pipelines
import Yams

/// `train`'s settings, manifest reading, trainer config and launch plan: everything decided
/// before the trainer starts, and every bad input refused with a clear error before any work.
struct TrainingSettingsTests {
    /// A run directory as `run` leaves it: train/manifest.json and two phase files.
    static func runDirectory(phase1: Int = 3, phase2: Int = 2) throws -> URL {
        let directory = try TestPaths.temporaryDirectory("train-run")
        let train = directory.appendingPathComponent("train")
        try FileManager.default.createDirectory(at: train, withIntermediateDirectories: true)
        var phases: [[String: Any]] = []
        for (index, (name, stem, count, epochs)) in [("self-generated", "phase1-generated", phase1, 1),
                                                     ("original", "phase2-original", phase2, 2)].enumerated() {
            let file = train.appendingPathComponent("\(stem).instruction-response.jsonl")
            let lines = (0..<count).map { item in
                #"{"instruction":"Write function \#(index)-\#(item) that adds two numbers.","response":"```python\ndef add(a, b):\n    return a + b\n```"}"#
            }
            try (lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")).write(to: file, atomically: true, encoding: .utf8)
            phases.append(["name": name, "epochs": epochs, "records": count,
                           "files": ["instruction-response": file.path]])
        }
        let manifest: [String: Any] = ["method": "inverse-instruct", "order": "phase 1 then phase 2", "phases": phases,
                                       "training": ["optimizer": "Adafactor"]]
        try JSONSerialization.data(withJSONObject: manifest).write(to: train.appendingPathComponent("manifest.json"))
        return directory
    }

    @Test func theManifestGivesThePhasesInOrder() throws {
        let run = try Self.runDirectory()
        let manifest = try TrainingManifest.read(runDirectory: run.path)
        #expect(manifest.phases.map(\.name) == ["self-generated", "original"])
        #expect(manifest.phases.map(\.epochs) == [1, 2])
        #expect(manifest.phases.map(\.examples) == [3, 2])
        // --epochs overrides, one number per phase.
        #expect(try TrainingManifest.read(runDirectory: run.path, epochs: [2, 3]).phases.map(\.epochs) == [2, 3])
        #expect(throws: ToolError.self) { try TrainingManifest.read(runDirectory: run.path, epochs: [1]) }
        // The train/ folder and the manifest itself work too.
        #expect(try TrainingManifest.read(runDirectory: run.appendingPathComponent("train").path).phases.count == 2)
    }

    @Test func aMovedRunDirectoryStillFindsItsPhaseFiles() throws {
        let run = try Self.runDirectory()
        let moved = run.deletingLastPathComponent().appendingPathComponent(run.lastPathComponent + "-moved")
        try FileManager.default.moveItem(at: run, to: moved)
        let manifest = try TrainingManifest.read(runDirectory: moved.path)
        #expect(manifest.phases.allSatisfy { $0.file.hasPrefix(moved.path) })
    }

    @Test func noManifestIsAClearError() throws {
        let directory = try TestPaths.temporaryDirectory("train-empty")
        let error = try #require(throws: ToolError.self) { try TrainingManifest.read(runDirectory: directory.path) }
        #expect(error.code == .missing)
        #expect(error.message.contains("no train/manifest.json"))
        let absent = try #require(throws: ToolError.self) { try TrainingManifest.read(runDirectory: "/nonexistent/run") }
        #expect(absent.message.contains("no such run directory"))
    }

    @Test func anEmptyPhaseIsAClearError() throws {
        let run = try Self.runDirectory(phase1: 0)
        let error = try #require(throws: ToolError.self) { try TrainingManifest.read(runDirectory: run.path) }
        #expect(error.message.contains("phase 1 (self-generated) has no examples"))
    }

    @Test func aBadBaseModelIsAClearErrorBeforeAnyWork() async throws {
        let run = try Self.runDirectory()
        let output = try TestPaths.temporaryDirectory("train-out").appendingPathComponent("out")
        let notAModel = output.deletingLastPathComponent().appendingPathComponent("weights.gguf")
        try Data("not a model".utf8).write(to: notAModel)
        for (base, expected) in [(notAModel.path, "neither a GGUF file nor a Hugging Face model directory"),
                                 (run.path, "a directory without config.json"),
                                 ("no-such-model", "not a registry model")] {
            var settings = TrainingSettings()
            settings.runDirectory = run.path
            settings.base = base
            settings.output = output.path
            let error = try await #require(throws: ToolError.self) { _ = try await TrainingRun.plan(settings) }
            #expect(error.message.contains(expected), "\(error.message)")
            #expect(!FileManager.default.fileExists(atPath: output.path), "nothing written for a refused base")
        }
    }

    @Test func settingsAreValidated() throws {
        var settings = TrainingSettings()
        try settings.validate()
        settings.promptFormat = "alpaca"
        #expect(throws: ToolError.self) { try settings.validate() }
        settings = TrainingSettings()
        settings.nodes = 2
        #expect(throws: ToolError.self) { try settings.validate() }
        settings.mainProcessIP = "10.0.0.1"
        try settings.validate()
        settings.lora = true
        settings.distributed = "zero3"
        #expect(throws: ToolError.self) { try settings.validate() }
    }

    @Test func aConfigFileSetsOptionsAndRefusesUnknownOnes() throws {
        let directory = try TestPaths.temporaryDirectory("train-config")
        let file = directory.appendingPathComponent("train.yaml")
        try "run_dir: runs/a\nbase: smollm2-135m\noutput: out\nlearning_rate: 1.0e-4\nepochs: [1, 3]\nlora: true\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let settings = try TrainingSettings.fromConfig(file.path)
        #expect(settings.runDirectory == "runs/a")
        #expect(settings.learningRate == 1e-4)
        #expect(settings.epochs == [1, 3])
        #expect(settings.lora)
        #expect(settings.warmupSteps == 15, "unnamed options keep the paper's values")
        try "learning_rat: 1\n".write(to: file, atomically: true, encoding: .utf8)
        let error = try #require(throws: ToolError.self) { try TrainingSettings.fromConfig(file.path) }
        #expect(error.message.contains("unknown train option 'learning_rat'"))
    }

    @Test func theTrainerConfigurationCarriesTheRecipe() throws {
        let run = try Self.runDirectory()
        let manifest = try TrainingManifest.read(runDirectory: run.path)
        let configuration = TrainerConfiguration(settings: TrainingSettings(), manifest: manifest, base: "/m.gguf", output: "/out")
        let object = try #require(try JSONSerialization.jsonObject(with: configuration.json()) as? [String: Any])
        #expect(object["learning_rate"] as? Double == 5e-5)
        #expect(object["warmup_steps"] as? Int == 15)
        #expect(object["batch_size"] as? Int == 512)
        #expect(object["max_length"] as? Int == 1024)
        #expect(object["prompt_format"] as? String == "chat")
        #expect(object["max_steps"] is NSNull, "absent values are written as null: the trainer reads every key")
        #expect(object["lora"] is NSNull)
        let phases = try #require(object["phases"] as? [[String: Any]])
        #expect(phases.map { $0["name"] as? String } == ["self-generated", "original"])
        #expect(phases.map { $0["epochs"] as? Int } == [1, 2])
    }

    @Test func oneProcessNeedsNoLauncher() {
        let plan = LaunchPlan(settings: TrainingSettings(), python: "/venv/bin/python", directory: "/out/.inverse-instruct")
        #expect(plan.files.isEmpty)
        #expect(plan.train == ["/venv/bin/python", "/out/.inverse-instruct/trainer.py", "train", "/out/.inverse-instruct/train-config.json"])
        #expect(plan.prepare[2] == "prepare")
    }

    @Test func eightGPUsWithZeRO3() throws {
        var settings = TrainingSettings()
        settings.gpus = 8
        settings.distributed = "zero3"
        let plan = LaunchPlan(settings: settings, python: "/venv/bin/python", directory: "/out/.inverse-instruct")
        #expect(plan.train.prefix(5) == ["/venv/bin/python", "-m", "accelerate.commands.launch", "--config_file",
                                         "/out/.inverse-instruct/accelerate.yaml"])
        let yaml = try #require(plan.files.first { $0.path.hasSuffix("accelerate.yaml") }).text
        #expect(yaml.contains("distributed_type: DEEPSPEED"))
        #expect(yaml.contains("num_processes: 8"))
        #expect(yaml.contains("deepspeed_config_file: /out/.inverse-instruct/deepspeed-zero3.json"))
        let deepspeed = try #require(plan.files.first { $0.path.hasSuffix("deepspeed-zero3.json") }).text
        let object = try #require(try JSONSerialization.jsonObject(with: Data(deepspeed.utf8)) as? [String: Any])
        let zero = try #require(object["zero_optimization"] as? [String: Any])
        #expect(zero["stage"] as? Int == 3)
        #expect(object["gradient_accumulation_steps"] as? String == "auto", "the Trainer fills in the batch")
    }

    @Test func twoNodesOfFourWithFSDP() throws {
        var settings = TrainingSettings()
        settings.gpus = 4
        settings.nodes = 2
        settings.machineRank = 1
        settings.mainProcessIP = "10.0.0.1"
        settings.distributed = "fsdp"
        let plan = LaunchPlan(settings: settings, python: "/p", directory: "/o")
        let yaml = try #require(plan.files.first).text
        #expect(yaml.contains("distributed_type: FSDP"))
        #expect(yaml.contains("num_processes: 8"))
        #expect(yaml.contains("num_machines: 2"))
        #expect(yaml.contains("main_process_ip: 10.0.0.1"))
        #expect(yaml.contains("fsdp_state_dict_type: FULL_STATE_DICT"))
        #expect(plan.train.contains("--machine_rank") && plan.train.contains("1"))
    }

    @Test func shellLinesQuoteWhatNeedsIt() {
        #expect(LaunchPlan.shellLine(["python", "a b.py", "it's"], environment: ["X": "1"]) == #"X=1 python 'a b.py' 'it'\''s'"#)
    }

    @Test func theProgressLine() throws {
        let event = try JSONParser.parse(ArraySlice(Array(
            #"{"event":"step","phase":2,"phases":2,"step":3,"steps":10,"loss":0.5,"tokens_per_second":412.4,"eta_seconds":75}"#.utf8)))
        #expect(TrainingProgress.line(event) == "train phase 2/2  step 3/10  loss 0.5000  412 tokens/s  ETA 1:15")
    }

    @Test func aPhaseShorterThanItsWarmupIsWarnedAboutInTheSummary() throws {
        let warning = "phase self-generated has 3 optimizer steps, fewer than the 15 warm-up steps"
        let event = try JSONParser.parse(ArraySlice(Array(
            #"{"name":"self-generated","epochs":1,"examples":6,"steps":3,"effective_batch":2,"precision":"bf16","warning":"\#(warning)"}"#.utf8)))
        let phase = TrainingSummary.Phase(event: event)
        #expect(phase.warning == warning)
        let summary = TrainingSummary(base: "b", output: "o", model: "m", gguf: nil, phases: [phase], tokens: 0, seconds: 1,
                                      parameters: nil, requestedBatch: 2, promptFormat: "chat", processes: 1, log: "l",
                                      orderLog: "o", otherTrainers: "t", alreadyTrained: false)
        #expect(summary.text.render().contains(warning))
        #expect(summary.text.render().contains("effective batch 2, bf16, final loss -"))
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(summary)) as? [String: Any])
        #expect((json["phases"] as? [[String: Any]])?.first?["warning"] as? String == warning)
        #expect((json["phases"] as? [[String: Any]])?.first?["precision"] as? String == "bf16")
    }
}

/// The LLaMA-Factory and axolotl configs `train` writes for the same recipe.
struct OtherTrainerRecipesTests {
    @Test func llamaFactoryAndAxolotlGetBothPhasesInOrder() throws {
        let run = try TrainingSettingsTests.runDirectory(phase1: 3, phase2: 600)
        let manifest = try TrainingManifest.read(runDirectory: run.path)
        let recipes = OtherTrainerRecipes(settings: TrainingSettings(), manifest: manifest, baseDirectory: "/models/base",
                                          directory: "/out/other-trainers")
        let files = Dictionary(uniqueKeysWithValues: try recipes.files())
        func text(_ name: String) throws -> String { try #require(files["/out/other-trainers/" + name]) }
        func yaml(_ name: String) throws -> [String: Any] { try #require(try Yams.load(yaml: try text(name)) as? [String: Any]) }
        let infoText = try text("llamafactory/dataset_info.json")
        let info = try #require(try JSONSerialization.jsonObject(with: Data(infoText.utf8)) as? [String: [String: Any]])
        #expect(info["inverse_instruct_phase1"]?["file_name"] as? String == manifest.phases[0].file)
        #expect(info["inverse_instruct_phase2"]?["columns"] as? [String: String] == ["prompt": "instruction", "response": "response"])
        let phase1 = try yaml("llamafactory/phase1.yaml")
        let phase2 = try yaml("llamafactory/phase2.yaml")
        #expect(phase1["model_name_or_path"] as? String == "/models/base")
        #expect(phase2["model_name_or_path"] as? String == "/out/other-trainers/llamafactory/phase1", "phase 2 starts from phase 1")
        #expect(phase1["num_train_epochs"] as? Double == 1 && phase2["num_train_epochs"] as? Double == 2)
        #expect(phase1["gradient_accumulation_steps"] as? Int == 1, "3 examples: a batch of 3 fits one pass of 4")
        #expect(phase2["gradient_accumulation_steps"] as? Int == 128, "512 = 4 x 128")
        #expect(phase1["optim"] as? String == "adafactor" && phase1["warmup_steps"] as? Int == 15)
        #expect(try text("llamafactory/phase1.yaml").contains("learning_rate: 5.0e-05"), "a float to PyYAML too, not the string 5e-05")
        #expect(phase1["train_on_prompt"] as? Bool == false)
        let axolotl = try yaml("axolotl/phase2.yaml")
        #expect(axolotl["base_model"] as? String == "/out/other-trainers/axolotl/phase1")
        #expect(axolotl["train_on_inputs"] as? Bool == false)
        #expect(axolotl["num_epochs"] as? Int == 2)
        let datasets = try #require(axolotl["datasets"] as? [[String: Any]])
        let type = try #require(datasets.first?["type"] as? [String: String])
        #expect(type["format"]?.hasSuffix("@@ Instruction\n{instruction}\n\n@@ Response\n") == true)
    }
}
