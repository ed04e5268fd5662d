import Foundation
import InstructData

/// Where the vendored benchmark data (`Data/` of the repository: HumanEval, MBPP and the
/// others, see Data/README.md) is: `$INVERSE_INSTRUCT_DATA` if set, else the `Data/` folder of
/// the checkout this tool was built from, found from this source file's path at build time, so a
/// build run from any working directory finds it.
public struct BenchmarkData: Sendable, Hashable {
    /// The variable that points at a copy of `Data/` (for a tool moved away from its checkout).
    public static let environmentVariable = "INVERSE_INSTRUCT_DATA"

    /// `Data/` of the checkout this file was compiled from (Sources/Benchmarks/BenchmarkData.swift).
    public static let checkoutFolder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Data")

    public var folder: URL

    public init(folder: URL) { self.folder = folder }

    /// Finds the data folder. Throws a `ToolError` that says what to do when neither place has it.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                              checkout: URL = checkoutFolder) throws -> BenchmarkData {
        if let given = environment[environmentVariable], !given.isEmpty {
            guard isFolder(given) else {
                throw ToolError(.invalidInput, "\(environmentVariable)=\(given): no such folder; point it at the Data folder "
                    + "of an inverse-instruct checkout, or unset it")
            }
            return BenchmarkData(folder: URL(fileURLWithPath: given))
        }
        guard isFolder(checkout.path) else {
            throw ToolError(.missing, "benchmark data not found: \(checkout.path) (the Data folder of the checkout this "
                + "tool was built from) is gone; set \(environmentVariable) to a copy of that folder, or give the "
                + "benchmark's file (--problems, --humaneval or --mbpp FILE)")
        }
        return BenchmarkData(folder: checkout)
    }

    /// The file of a benchmark the tool knows, e.g. `Data/mbpp/mbpp.jsonl`.
    public func path(for benchmark: BenchmarkKind) -> String {
        folder.appendingPathComponent(benchmark.dataFile).path
    }

    /// The file of a vendored evalplus release, e.g. `Data/mbppplus/MbppPlus-v0.2.0.jsonl.gz`.
    public func path(for release: PlusRelease) -> String {
        folder.appendingPathComponent(release.dataFile).path
    }

    /// The file given by the user, else the benchmark's file in the located data folder.
    public static func path(for benchmark: BenchmarkKind, given: String?) throws -> String {
        if let given { return given }
        return try locate().path(for: benchmark)
    }

    private static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
