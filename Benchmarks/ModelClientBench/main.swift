// Measures the model client: `stub` runs a loopback stub server; `overhead` drives it at a
// given concurrency through EndpointPool; `engine` draws generated tokens/s from a real server.
// scripts/bench-client.sh runs these and the plain peer loads, and prints medians and ratios.
import Foundation
import ModelClient
import ModelClientTesting
import Synchronization

func argument(_ name: String, default value: String? = nil) -> String {
    let arguments = CommandLine.arguments
    if let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count { return arguments[index + 1] }
    guard let value else {
        FileHandle.standardError.write(Data("missing --\(name)\n".utf8))
        exit(2)
    }
    return value
}

/// Resident set size now and at its peak, in MiB, from /proc/self/status.
func memory() -> (rss: Double, peak: Double) {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    func field(_ name: String) -> Double {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
        return (Double(line.split(separator: " ").dropFirst().first.map(String.init) ?? "") ?? 0) / 1024
    }
    return (field("VmRSS"), field("VmHWM"))
}

final class Counters: Sendable {
    let next = Atomic(0)
    let tokens = Atomic(0)
}

/// Sends `total` requests with `concurrency` in flight; calls `report` every `every` requests.
func drive(_ model: some LanguageModel, request: CompletionRequest, total: Int, concurrency: Int,
           every: Int = 0, report: @escaping @Sendable (Int) -> Void = { _ in }) async throws -> (seconds: Double, tokens: Int) {
    let counters = Counters()
    let started = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<concurrency {
            group.addTask {
                while true {
                    let index = counters.next.add(1, ordering: .relaxed).oldValue
                    guard index < total else { return }
                    let result = try await model.complete(request)
                    counters.tokens.add(result.usage.completionTokens, ordering: .relaxed)
                    if every > 0 && (index + 1) % every == 0 { report(index + 1) }
                }
            }
        }
        try await group.waitForAll()
    }
    let elapsed = ContinuousClock.now - started
    let (seconds, attoseconds) = elapsed.components
    return (Double(seconds) + Double(attoseconds) / 1e18, counters.tokens.load(ordering: .relaxed))
}

func line(_ text: String) { FileHandle.standardOutput.write(Data((text + "\n").utf8)) }

switch CommandLine.arguments.dropFirst().first {
case "stub":
    let server = try await StubModelServer.start(port: Int(argument("port", default: "0")) ?? 0,
                                                 threads: Int(argument("threads", default: "1")) ?? 1)
    line("listening \(server.baseURL)")
    while true { try await Task.sleep(nanoseconds: 3_600_000_000_000) }

case "overhead":
    let url = argument("url")
    let concurrency = Int(argument("concurrency")) ?? 1
    let total = Int(argument("requests")) ?? 10_000
    let every = Int(argument("report-every", default: "0")) ?? 0
    let endpoint = try Endpoint(url: url, maxConcurrentRequests: concurrency)
    let pool = try await EndpointPool.connect([endpoint])
    let request = CompletionRequest(prompt: "def add(a, b):", sampling: SamplingParameters(maxTokens: 16))
    // Warm-up: open the connections.
    _ = try await drive(pool, request: request, total: concurrency * 4, concurrency: concurrency)
    let result = try await drive(pool, request: request, total: total, concurrency: concurrency, every: every) { done in
        let now = memory()
        line(String(format: "progress requests=%d rss_mib=%.1f peak_mib=%.1f", done, now.rss, now.peak))
    }
    let now = memory()
    line(String(format: "overhead concurrency=%d requests=%d seconds=%.3f req_per_s=%.0f rss_mib=%.1f peak_mib=%.1f",
                concurrency, total, result.seconds, Double(total) / result.seconds, now.rss, now.peak))
    try await pool.shutdown()

case "engine":
    let url = argument("url")
    let concurrency = Int(argument("concurrency")) ?? 4
    let total = Int(argument("requests")) ?? 16
    let maxTokens = Int(argument("max-tokens")) ?? 64
    let prompt = argument("prompt", default: "Write a Python function that checks whether a number is prime.")
    let endpoint = try Endpoint(url: url, maxConcurrentRequests: concurrency)
    let pool = try await EndpointPool.connect([endpoint])
    let request = CompletionRequest(prompt: prompt, sampling: SamplingParameters(temperature: 0.8, maxTokens: maxTokens))
    let result = try await drive(pool, request: request, total: total, concurrency: concurrency)
    line(String(format: "engine concurrency=%d requests=%d seconds=%.2f completion_tokens=%d tokens_per_s=%.2f",
                concurrency, total, result.seconds, result.tokens, Double(result.tokens) / result.seconds))
    try await pool.shutdown()

default:
    FileHandle.standardError.write(Data("usage: model-client-bench stub|overhead|engine [options]\n".utf8))
    exit(2)
}
