import Benchmarks

/// Where `eval`'s files go. Checking a samples file: results beside it (`S_results.jsonl`).
/// Generating: from the results path (default `BENCHMARK_results.jsonl`), `X_results.jsonl`
/// (or `X.jsonl`) gives the samples `X_samples.jsonl` (and, when they are sanitized, the samples
/// as the model wrote them in `X_samples.raw.jsonl`) and the run directory `X.run`.
public struct BenchmarkOutputPaths: Sendable, Hashable {
    public var results: String
    public var samples: String
    public var rawSamples: String
    public var runDirectory: String

    /// Paths for generating `benchmark`'s samples; `results` and `runDirectory` as the user gave them.
    public init(generating benchmark: BenchmarkKind, results: String?, runDirectory: String?) {
        self.init(generating: benchmark.name, results: results, runDirectory: runDirectory)
    }

    /// Paths for generating samples of the dataset `name` (`multipl-e`: all its languages in one file).
    public init(generating name: String, results: String?, runDirectory: String?) {
        let results = results ?? "\(name)_results.jsonl"
        var stem = results
        for suffix in ["_results.jsonl", ".jsonl"] where stem.hasSuffix(suffix) {
            stem = String(stem.dropLast(suffix.count))
            break
        }
        self.results = results
        samples = stem + "_samples.jsonl"
        rawSamples = stem + "_samples.raw.jsonl"
        self.runDirectory = runDirectory ?? stem + ".run"
    }
}
