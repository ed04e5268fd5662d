import ArgumentParser
import Console
import Foundation
import InstructData
import ModelClient
import Pipelines

/// `inverse-instruct models list|pull|prepare-engine|prepare-trainer`: the models the tool can fetch and run itself.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List and fetch the models the built-in engine can run.",
        subcommands: [List.self, Pull.self, PrepareEngine.self, PrepareTrainer.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the known models and whether they are pulled.")

        @OptionGroup var global: GlobalOptions

        struct Row: Encodable {
            var name: String
            var summary: String
            var bytes: Int64
            var sha256: String
            var license: String
            var isDefault: Bool
            var installedPath: String?
            var sources: [String]
        }

        func run() async throws {
            global.apply()
            let cache = ModelCache.standard()
            let rows = ModelRegistry.all.map { spec in
                Row(name: spec.name, summary: spec.summary, bytes: spec.size, sha256: spec.sha256, license: spec.license,
                    isDefault: spec.name == ModelRegistry.defaultModelName,
                    installedPath: cache.installedPath(for: spec)?.path,
                    sources: spec.parts.map { "pypi:\($0.requirement)" })
            }
            var summary = Summary(title: "models (cache: \(cache.modelsDirectory.path))")
            for row in rows {
                let size = String(format: "%.0f MB", Double(row.bytes) / 1e6)
                let state = row.installedPath == nil ? "not pulled" : "pulled"
                summary.add(row.name + (row.isDefault ? " (default)" : ""), "\(size)  \(state)  \(row.summary)")
            }
            try global.emit(summary, json: ["models": rows])
        }
    }

    struct Pull: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch a model into the cache and verify its sha256.",
            discussion: "NAME is a registry model (see `models list`), or an http(s) URL of a GGUF file. A second pull finds the file and does nothing."
        )

        @Argument(help: "Model name or GGUF URL.")
        var name: String

        @Option(name: .long, help: "Expected sha256 of a URL download.")
        var sha256: String?

        @OptionGroup var global: GlobalOptions

        struct Result: Encodable {
            var model: String
            var path: String
            var bytes: Int64?
            var sha256: String?
            var alreadyPresent: Bool
            var seconds: Double
        }

        func run() async throws {
            global.apply()
            TerminationSignals.terminateChildrenAndExit()
            let cache = ModelCache.standard()
            let quiet = global.quiet || global.json
            let say: @Sendable (String) -> Void = { if !quiet { Terminal.writeStandardError("models pull: \($0)\n") } }
            let result: Result
            do {
                if let spec = ModelRegistry.spec(named: name) {
                    let outcome = try await ModelPuller(cache: cache, python: try PythonInterpreter.find()).pull(spec, progress: say)
                    result = Result(model: outcome.model, path: outcome.path, bytes: outcome.bytes, sha256: outcome.sha256,
                                    alreadyPresent: outcome.alreadyPresent, seconds: outcome.seconds)
                } else if name.hasPrefix("http://") || name.hasPrefix("https://") {
                    let started = Date()
                    let located = try await ModelLocator(cache: cache).locate(name, sha256: sha256, progress: say)
                    result = Result(model: located.name, path: located.path.path, bytes: nil, sha256: sha256,
                                    alreadyPresent: false, seconds: Date().timeIntervalSince(started))
                } else {
                    let names = ModelRegistry.all.map(\.name).joined(separator: ", ")
                    throw ValidationError("unknown model '\(name)'; known: \(names), or give an http(s) URL of a GGUF file")
                }
            }
            var summary = Summary(title: result.alreadyPresent ? "models pull: \(result.model) already present"
                                                               : "models pull: \(result.model) installed")
            summary.add("path", result.path)
            if let bytes = result.bytes { summary.add("bytes", bytes) }
            if let sha256 = result.sha256 { summary.add("sha256", sha256 + " (verified)") }
            summary.add("time", String(format: "%.1f s", result.seconds))
            try global.emit(summary, json: result)
        }
    }

    struct PrepareEngine: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prepare-engine",
            abstract: "Create the engine's private Python environment (done automatically on first use)."
        )

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let environment = EngineEnvironment()
            try await prepareEnvironment(named: "engine", command: "prepare-engine", global: global, isReady: environment.isReady,
                                         path: environment.directory.path,
                                         detail: ("engine", EngineEnvironment.xllamacppRequirement)) { progress in
                _ = try await environment.prepare(progress: progress)
            }
        }
    }

    struct PrepareTrainer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prepare-trainer",
            abstract: "Create the trainer's private Python environment (torch, transformers, TRL; done automatically on first use of `train`)."
        )

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let environment = TrainEnvironment()
            try await prepareEnvironment(named: "train", command: "prepare-trainer", global: global, isReady: environment.isReady,
                                         path: environment.directory.path,
                                         detail: ("converter", environment.converter.path)) { progress in
                _ = try await environment.prepare(progress: progress)
            }
        }
    }
}

/// `models prepare-engine|prepare-trainer`: create a private Python environment (its steps on
/// stderr unless quiet), then say where it is, whether it already was ready, and one detail.
private func prepareEnvironment(named name: String, command: String, global: GlobalOptions, isReady wasReady: Bool,
                                path: String, detail: (key: String, value: String),
                                prepare: (@escaping @Sendable (String) -> Void) async throws -> Void) async throws {
    global.apply()
    TerminationSignals.terminateChildrenAndExit()
    let quiet = global.quiet || global.json
    try await prepare { if !quiet { Terminal.writeStandardError("\(command): \($0)\n") } }
    var summary = Summary(title: wasReady ? "\(name) environment already ready" : "\(name) environment ready")
    summary.add("path", path)
    summary.add(detail.key, detail.value)
    try global.emit(summary, json: ["path": path, detail.key: detail.value, "alreadyReady": wasReady ? "true" : "false"])
}
