import Foundation

/// Where a command's side files go: beside its output, named after it.
public enum OutputPaths {
    /// `OUTPUT` with its extension replaced by `suffix`, beside it (`out.jsonl` → `out.rejects.jsonl`).
    public static func sibling(of output: String, suffix: String) -> String {
        let url = URL(fileURLWithPath: output)
        let base = url.deletingPathExtension().lastPathComponent
        return url.deletingLastPathComponent().appendingPathComponent(base + suffix).path
    }
}
