import Foundation

/// Paths tests need: the repository, the shared data folder beside it, built products, and
/// fresh temporary directories.
public enum TestPaths {
    /// The package root (this file is Tests/TestSupport/TestPaths.swift).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The benchmark data the tool ships (`Data/`: HumanEval, MBPP, their "+" versions, MultiPL-E).
    public static let benchmarkData: URL = repositoryRoot.appendingPathComponent("Data")

    /// Test-only data (`Tests/Fixtures/`: Code Alpaca samples, licensed for tests only).
    public static let fixtures: URL = repositoryRoot.appendingPathComponent("Tests/Fixtures")

    /// MBPP as the Google release has it (974 tasks).
    public static let mbpp: URL = benchmarkData.appendingPathComponent("mbpp/mbpp.jsonl")

    /// HumanEval as openai/human-eval ships it (164 tasks).
    public static let humanEval: URL = benchmarkData.appendingPathComponent("humaneval/HumanEval.jsonl.gz")

    /// 301 Code Alpaca records (`code_alpaca_2k.json` 0–299 and 1173).
    public static let codeAlpaca: URL = fixtures.appendingPathComponent("code-alpaca/code_alpaca_301.json")

    public static let examples: URL = repositoryRoot.appendingPathComponent("examples")

    /// The folder holding the test binary, where SwiftPM also puts the package's executables.
    public static var productsDirectory: URL {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var url = URL(fileURLWithPath: executable).deletingLastPathComponent()
        // On some platforms the test binary lives inside a bundle's Contents/MacOS.
        while url.pathComponents.count > 1, url.lastPathComponent != "debug", url.lastPathComponent != "release",
              !FileManager.default.fileExists(atPath: url.appendingPathComponent("inverse-instruct").path)
        {
            url.deleteLastPathComponent()
        }
        return url
    }

    public static func product(_ name: String) -> URL {
        productsDirectory.appendingPathComponent(name)
    }

    /// A new empty directory under the system temporary folder.
    public static func temporaryDirectory(_ label: String = "test") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("inverse-instruct-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
