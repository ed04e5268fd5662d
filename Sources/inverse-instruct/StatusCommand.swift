import ArgumentParser
import Console
import Foundation
import InstructData
import RunStore

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Per-stage progress of a running or stopped run."
    )

    @Argument(help: "The run directory.")
    var runDir: String

    @OptionGroup var global: GlobalOptions

    struct StageStatus: Codable {
        var stage: String
        var pending: Int
        var running: Int
        var done: Int
        var failed: Int
        var total: Int
        var promptTokens: Int
        var completionTokens: Int

        enum CodingKeys: String, CodingKey {
            case stage, pending, running, done, failed, total
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
        }
    }

    struct Report: Codable {
        var runDir: String
        var active: Bool
        var stages: [StageStatus]
        var endpoints: [EndpointUsage]
        var lastErrors: [String]

        enum CodingKeys: String, CodingKey {
            case stages, active, endpoints
            case runDir = "run_dir"
            case lastErrors = "last_errors"
        }
    }

    func run() async throws {
        global.apply()
        let directory = URL(fileURLWithPath: runDir)
        guard let store = try RunStore.openExisting(directory: directory) else {
            throw ToolError(.invalidInput, "\(runDir): no run here (no \(RunStore.fileName))")
        }
        // A run is active when another process holds its lock.
        let active: Bool
        do {
            _ = try RunLock(directory: directory)
            active = false
        } catch is RunLock.Busy {
            active = true
        }
        var report = Report(runDir: runDir, active: active, stages: [], endpoints: try store.usageByEndpoint(), lastErrors: [])
        for stage in try store.stages() {
            let c = try store.counts(stage: stage)
            report.stages.append(StageStatus(stage: stage, pending: c.pending, running: c.running, done: c.done, failed: c.failed,
                                             total: c.total, promptTokens: c.usage.promptTokens,
                                             completionTokens: c.usage.completionTokens))
            report.lastErrors += try store.units(stage: stage, status: .failed).suffix(3).compactMap { unit in
                unit.error.map { "\(stage) \(unit.key.prefix(16)): \($0.prefix(200))" }
            }
        }
        var text = Summary(title: "run \(runDir): \(active ? "running now" : "not running")")
        for s in report.stages {
            let percent = s.total > 0 ? 100 * s.done / s.total : 0
            text.add(s.stage, "\(s.done)/\(s.total) done (\(percent)%), \(s.pending) pending, \(s.running) running, "
                     + "\(s.failed) failed; tokens \(s.promptTokens) prompt, \(s.completionTokens) completion")
        }
        if report.stages.isEmpty { text.add("stages", "none yet") }
        for usage in report.endpoints {
            text.add("  \(usage.stage) at \(usage.endpoint)", "\(usage.units) units, \(usage.usage.promptTokens) prompt + "
                     + "\(usage.usage.completionTokens) completion tokens, " + String(format: "%.1f s busy", usage.busySeconds))
        }
        for error in report.lastErrors { text.add("error", error) }
        try global.emit(text, json: report)
    }
}
