import Console
import Foundation
import ModelClient
import Sandbox

extension SemiInstructRun {
    /// A whole Semi-Instruct run, as `semi` and `run --config` (method: semi-instruct) do it:
    /// the sandbox first (a missing bubblewrap stops the command before any model work), then
    /// generation where units are pending and `generate` allows, then validation and the output.
    public static func execute(_ settings: SemiInstructSettings, runDirectory: String, selection: ModelSelection,
                               generate: Bool, log: @escaping @Sendable (String) -> Void,
                               progress: (String, Int?) -> ProgressReporter) async throws -> SemiInstructSummary {
        var configuration = SandboxConfiguration(isolation: settings.isolation ? .bubblewrap : .none, timeout: settings.timeout)
        if let workers = settings.workers { configuration.workers = workers }
        let run = try await withSandboxPool(configuration) { pool in
            let run = try SemiInstructRun(settings: settings, directory: URL(fileURLWithPath: runDirectory))
            let analyzer = try CodeAnalyzer()
            if try await run.prepare(analyzer: analyzer) > 0, generate {
                if selection.usesLocalEngine { log("starting the local engine (\(settings.model ?? ModelRegistry.defaultModelName))") }
                try await withLanguageModel(selection, progress: log) { models in
                    try await run.generate(model: models, capabilities: models.capabilities, progress: progress)
                }
            }
            try await pool.warmUp()
            try await run.validate(execution: CodeExecution(pool: pool, timeout: settings.timeout), analyzer: analyzer,
                                   progress: progress)
            return run
        }
        return try await run.finish()
    }
}
