import Console
import Foundation
import InstructData
import ModelClient
import Synchronization

/// `train`: a run's training corpus → a fine-tuned model, by the paper's recipe, on TRL.
///
/// Everything that can be wrong with the input is found before any work: the manifest and its
/// phase files (present, not empty), the base model (a Hugging Face directory with config.json,
/// a GGUF file, or a registry name), the settings; then, in the train environment, the base
/// model's weights and tokenizer and the free disk (`trainer.py prepare`). Then the phases run
/// in order (`trainer.py train`, under `accelerate launch` for many GPUs), and the model is
/// exported to GGUF for the built-in engine.
public enum TrainingRun {
    static let trainerScript = String(decoding: PackageResources.trainer_py, as: UTF8.self)

    /// The run's files under OUTPUT.
    public struct Layout: Sendable {
        public var output: String
        public var directory: String { (output as NSString).appendingPathComponent(".inverse-instruct") }
        public var script: String { (directory as NSString).appendingPathComponent("trainer.py") }
        public var config: String { (directory as NSString).appendingPathComponent("train-config.json") }
        public var log: String { (output as NSString).appendingPathComponent("logs/trainer.log") }
        public var orderLog: String { (output as NSString).appendingPathComponent("logs/order.jsonl") }
        public var model: String { (output as NSString).appendingPathComponent("model") }
        public var gguf: String { (output as NSString).appendingPathComponent("model.gguf") }
        /// LLaMA-Factory and axolotl configs for the same recipe.
        public var otherTrainers: String { (output as NSString).appendingPathComponent("other-trainers") }

        public init(output: String) { self.output = output }
    }

    /// What `--print-command` shows: the files written and the commands, in order.
    public struct Plan: Sendable {
        public var layout: Layout
        public var launch: LaunchPlan
        public var export: [String]?
        public var exportEnvironment: [String: String]
        public var environmentReady: Bool
        public var environmentDirectory: String

        public var text: String {
            var lines = ["# inverse-instruct train: files written under \(layout.directory)",
                         "#   \(layout.script)", "#   \(layout.config)"]
            lines += launch.files.map { "#   \($0.path)" }
            lines.append("#   \(layout.otherTrainers)/ (the same recipe for LLaMA-Factory and axolotl)")
            if !environmentReady {
                lines.append("# the train environment \(environmentDirectory) is not created yet: "
                    + "`inverse-instruct models prepare-trainer` creates it")
            }
            lines.append("# 1. once, on one machine: check the base model and the disk; a GGUF base becomes a Hugging Face model")
            lines.append(LaunchPlan.shellLine(launch.prepare, environment: launch.environment))
            lines.append("# 2. train\(launch.train.contains("accelerate.commands.launch") ? " (on every node, --machine_rank 0..N-1)" : "")")
            lines.append(LaunchPlan.shellLine(launch.train, environment: launch.environment))
            if let export {
                lines.append("# 3. export to GGUF for the built-in engine")
                lines.append(LaunchPlan.shellLine(export, environment: exportEnvironment))
            }
            for file in launch.files {
                lines.append("")
                lines.append("# \(file.path)")
                lines.append(file.text.trimmingCharacters(in: .newlines))
            }
            return lines.joined(separator: "\n") + "\n"
        }
    }

    /// Checks the input and writes the plan's files; nothing heavy.
    public static func plan(_ settings: TrainingSettings, environment: TrainEnvironment = TrainEnvironment(),
                            log: @escaping @Sendable (String) -> Void = { _ in }) async throws -> (Plan, TrainerConfiguration) {
        try settings.validate()
        guard let runDirectory = settings.runDirectory else { throw ToolError(.usage, "give RUN_DIR (a directory `run` wrote)") }
        guard let baseReference = settings.base else { throw ToolError(.usage, "give --base MODEL (a Hugging Face directory, a GGUF file or a registry name)") }
        guard let output = settings.output else { throw ToolError(.usage, "give -o OUTPUT (a directory for the trained model)") }
        let manifest = try TrainingManifest.read(runDirectory: runDirectory, epochs: settings.epochs)
        let base = try await resolveBase(baseReference, log: log)
        let outputPath = URL(fileURLWithPath: (output as NSString).expandingTildeInPath).standardizedFileURL.path
        if FileManager.default.fileExists(atPath: outputPath), !isDirectory(outputPath) {
            throw ToolError(.invalidSettings, "\(output) exists and is not a directory")
        }
        let layout = Layout(output: outputPath)
        let configuration = TrainerConfiguration(settings: settings, manifest: manifest, base: base, output: outputPath)
        let launch = LaunchPlan(settings: settings, python: environment.python.path, directory: layout.directory)
        try FileManager.default.createDirectory(atPath: layout.directory, withIntermediateDirectories: true)
        try write(trainerScript, to: layout.script)
        try write(String(decoding: try configuration.json(), as: UTF8.self), to: layout.config)
        for file in launch.files { try write(file.text, to: file.path) }
        // The same recipe for LLaMA-Factory and axolotl users.
        let baseDirectory = isDirectory(base) ? base : (outputPath as NSString).appendingPathComponent("base-model")
        let recipes = OtherTrainerRecipes(settings: settings, manifest: manifest, baseDirectory: baseDirectory,
                                          directory: layout.otherTrainers)
        for (path, text) in try recipes.files() {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try write(text, to: path)
        }
        var export: [String]?
        if settings.gguf != "none" {
            export = [environment.python.path, environment.converter.path, layout.model, "--outfile", layout.gguf + ".partial",
                      "--outtype", settings.gguf]
        }
        let plan = Plan(layout: layout, launch: launch, export: export,
                        exportEnvironment: ["PYTHONPATH": environment.converterDirectory.appendingPathComponent("gguf-py").path],
                        environmentReady: environment.isReady, environmentDirectory: environment.directory.path)
        return (plan, configuration)
    }

    /// The whole job. `log` hears running commentary; `progress` draws the step line.
    public static func execute(_ settings: TrainingSettings, environment: TrainEnvironment = TrainEnvironment(),
                               log: @escaping @Sendable (String) -> Void,
                               progress: TrainingProgress) async throws -> TrainingSummary {
        let started = ContinuousClock.now
        let (plan, configuration) = try await self.plan(settings, environment: environment, log: log)
        let layout = plan.layout
        try await environment.prepare(progress: log)

        // Prepare: base model and disk, before any training.
        let parameters = Mutex<Int?>(nil)
        let prepared = try await TrainerProcess(arguments: plan.launch.prepare, environment: plan.launch.environment,
                                                log: URL(fileURLWithPath: layout.log)).run { event in
            switch event["event"]?.stringValue {
            case "prepared": parameters.withLock { $0 = event["parameters"]?.intValue }
            case "converted": log("converted the GGUF base into \(event["directory"]?.stringValue ?? "") in \(event["seconds"]?.doubleValue ?? 0) s")
            default: break
            }
        }
        guard prepared.status == 0 else {
            throw ToolError(.invalidInput, prepared.errorMessage ?? "the trainer could not prepare the base model (exit \(prepared.status)); see \(layout.log)")
        }

        // Train.
        let finished = Mutex<JSONValue?>(nil)
        let outcome = try await TrainerProcess(arguments: plan.launch.train, environment: plan.launch.environment,
                                               log: URL(fileURLWithPath: layout.log)).run { event in
            switch event["event"]?.stringValue {
            case "done": finished.withLock { $0 = event }
            case "resume": log("resuming phase \(event["phase"]?.intValue ?? 0) from \(event["checkpoint"]?.stringValue ?? "")")
            case "warning": log("warning: " + (event["message"]?.stringValue ?? ""))
            case "phase_skipped": log("phase \(event["phase"]?.intValue ?? 0) (\(event["name"]?.stringValue ?? "")) finished before; skipped")
            default: break
            }
            progress.handle(event)
        }
        progress.finish()
        guard outcome.status == 0, let done = finished.withLock({ $0 }) else {
            throw ToolError(.failed, (outcome.errorMessage ?? "the trainer stopped (exit \(outcome.status))")
                + "; see \(layout.log). Run the same command again to resume from the last checkpoint.")
        }
        let alreadyTrained = done["already"] == .bool(true)

        // Back to the engine.
        var gguf: String?
        if let export = plan.export {
            let fresh = try isNewer(layout.gguf, than: (layout.model as NSString).appendingPathComponent("config.json"))
            if !fresh {
                log("exporting \(layout.model) to GGUF (\(settings.gguf)) with llama.cpp's converter")
                let exported = try await TrainerProcess(arguments: export, environment: plan.exportEnvironment,
                                                        log: URL(fileURLWithPath: layout.log)).run { _ in }
                guard exported.status == 0 else {
                    throw ToolError(.failed, "the GGUF export failed (exit \(exported.status)); see \(layout.log). "
                        + "The trained model is in \(layout.model).")
                }
                try? FileManager.default.removeItem(atPath: layout.gguf)
                try FileManager.default.moveItem(atPath: layout.gguf + ".partial", toPath: layout.gguf)
            }
            gguf = layout.gguf
        }
        let phases = (done["phases"]?.arrayValue ?? []).map(TrainingSummary.Phase.init(event:))
        return TrainingSummary(
            base: configuration.base, output: layout.output, model: layout.model, gguf: gguf, phases: phases,
            tokens: phases.reduce(0) { $0 + $1.tokens },
            seconds: (ContinuousClock.now - started).seconds, parameters: parameters.withLock { $0 },
            requestedBatch: settings.batchSize, promptFormat: settings.promptFormat, processes: settings.worldSize,
            log: layout.log, orderLog: layout.orderLog, otherTrainers: layout.otherTrainers, alreadyTrained: alreadyTrained)
    }

    /// A Hugging Face directory, a GGUF file, or a registry name (pulled on first use) → a path.
    static func resolveBase(_ reference: String, log: @escaping @Sendable (String) -> Void) async throws -> String {
        let path = (reference as NSString).expandingTildeInPath
        if FileManager.default.fileExists(atPath: path) {
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            if isDirectory(absolute) {
                guard FileManager.default.fileExists(atPath: (absolute as NSString).appendingPathComponent("config.json")) else {
                    throw ToolError(.invalidInput, "\(reference): a directory without config.json is not a Hugging Face model")
                }
                return absolute
            }
            guard let handle = FileHandle(forReadingAtPath: absolute) else {
                throw ToolError(.invalidInput, "\(reference): cannot read the base model")
            }
            defer { try? handle.close() }
            let magic = (try? handle.read(upToCount: 4)) ?? Data()
            guard magic == Data("GGUF".utf8) else {
                throw ToolError(.invalidInput, "\(reference): neither a GGUF file nor a Hugging Face model directory")
            }
            return absolute
        }
        guard ModelRegistry.spec(named: reference) != nil else {
            let names = ModelRegistry.all.map(\.name).joined(separator: ", ")
            throw ToolError(.invalidInput, "\(reference): no such file or directory, and not a registry model (\(names))")
        }
        do {
            return try await ModelLocator().locate(reference, progress: log).path.path
        } catch let error as ModelClientError {
            throw ToolError(.missing, "cannot get the base model \(reference): \(error)")
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    static func isNewer(_ path: String, than other: String) throws -> Bool {
        guard let mine = try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date,
              let theirs = try? FileManager.default.attributesOfItem(atPath: other)[.modificationDate] as? Date else { return false }
        return mine >= theirs
    }

    static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ToolError(.failed, "cannot write \(path): \(error.localizedDescription)")
        }
    }
}
