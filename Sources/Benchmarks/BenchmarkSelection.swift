import Foundation
import InstructData

/// The benchmarks a run checks against, by the names users give: `humaneval`, `mbpp`, or paths
/// of problem files. One call for the CLI and for pipeline stages alike:
///
///     let benchmarks = try BenchmarkSelection(names: ["humaneval", "mbpp"]).load()
public struct BenchmarkSelection: Sendable, Hashable {
    public var names: [String]
    /// Files that replace the vendored data of a benchmark the tool knows (`--humaneval FILE`).
    public var files: [BenchmarkKind: String]

    public init(names: [String], files: [BenchmarkKind: String] = [:]) {
        self.names = names
        self.files = files
    }

    public init(names: [String], humanEvalPath: String?, mbppPath: String?) {
        var files: [BenchmarkKind: String] = [:]
        files[.humanEval] = humanEvalPath
        files[.mbpp] = mbppPath
        self.init(names: names, files: files)
    }

    /// Parses a comma-separated list (`--against humaneval,mbpp,extra.jsonl`).
    public init(list: String, humanEvalPath: String? = nil, mbppPath: String? = nil) {
        self.init(names: list.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty },
                  humanEvalPath: humanEvalPath, mbppPath: mbppPath)
    }

    /// Loads every named benchmark: a known one from its given file or the vendored data, any
    /// other name as a plain problems file. Errors say what is missing and how to get it.
    public func load() throws -> [Benchmark] {
        guard !names.isEmpty else { throw ToolError(.invalidInput, "no benchmark named (use humaneval, mbpp, or a problems file)") }
        return try names.map { name in
            let kind = BenchmarkKind(name: name)
            let path = try kind.map { try BenchmarkData.path(for: $0, given: files[$0]) } ?? name
            guard FileManager.default.fileExists(atPath: path) else { throw ToolError(.invalidInput, "\(path): no such benchmark file") }
            do {
                return try BenchmarkLoader.load(kind, path: path)
            } catch let error as ToolError {
                throw ToolError(.invalidInput, "benchmark file \(error.message)")
            }
        }
    }
}
