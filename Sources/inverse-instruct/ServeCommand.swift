import ArgumentParser
import Console
import Foundation
import InstructData
import ModelClient
import Pipelines

/// `inverse-instruct serve`: the built-in llama.cpp engine as an OpenAI-compatible server on
/// 127.0.0.1 until Ctrl-C or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the built-in engine (llama.cpp) as an OpenAI-compatible server on 127.0.0.1.",
        discussion: """
            The first run creates the engine's Python environment and pulls the model into the cache. \
            The server answers /v1/completions and /v1/chat/completions until Ctrl-C or SIGTERM.
            """
    )

    @Option(name: .long, help: "Registry model name, GGUF path or URL (default: \(ModelRegistry.defaultModelName)).")
    var model: String?

    @Option(name: .long, help: "Port on 127.0.0.1 (default: a free one).")
    var port: Int?

    @Option(name: .long, help: "Requests decoded in parallel (slots).")
    var parallel = 4

    @Option(name: .long, help: "Context length per slot, in tokens.")
    var ctx = 4096

    @Option(name: .long, help: "CPU threads (default: all cores).")
    var threads: Int?

    @Flag(name: .long, help: .hidden)
    var prepareOnly = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be 1-65535") }
        guard parallel >= 1 else { throw ValidationError("--parallel must be at least 1") }
        guard ctx >= 128 else { throw ValidationError("--ctx must be at least 128") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    struct Started: Encodable {
        var url: String
        var model: String
        var modelPath: String
        var parallel: Int
        var contextPerSlot: Int
        var pid: Int32
    }

    func run() async throws {
        global.apply()
        // Ctrl-C or SIGTERM, at any point: end the engine (and pip, while pulling), then exit.
        let quiet = global.quiet
        InterruptHandler.install(quiet: quiet, exitCode: 0) { hadEngine in hadEngine ? "serve: stopped\n" : nil }
        let say: @Sendable (String) -> Void = { if !quiet { Terminal.writeStandardError("serve: \($0)\n") } }
        let options = LocalEngine.Options(port: port, parallel: parallel, contextPerSlot: ctx, threads: threads)
        if prepareOnly {
            try await EngineEnvironment().prepare(progress: say)
            let located = try await ModelLocator().locate(model, progress: say)
            try global.emit(Summary(title: "serve: ready (\(located.name) at \(located.path.path))"),
                            json: ["model": located.name, "path": located.path.path])
            return
        }
        let engine = try await LocalEngine.start(model: model, options: options, progress: say)
        let started = Started(url: engine.baseURL, model: engine.modelName, modelPath: engine.modelPath.path,
                              parallel: parallel, contextPerSlot: ctx, pid: engine.processIdentifier)
        var summary = Summary(title: "serving \(engine.modelName) at \(engine.baseURL)/v1 (Ctrl-C to stop)")
        summary.add("model file", engine.modelPath.path)
        summary.add("slots", parallel)
        summary.add("context per slot", ctx)
        try global.emit(summary, json: started)
        // Wait for the signal handler; notice an engine that dies by itself.
        while engine.isRunning {
            try? await Task.sleep(nanoseconds: 500_000_000)
        }
        await engine.stop()
        throw ToolError(.failed, "the engine stopped unexpectedly")
    }
}
