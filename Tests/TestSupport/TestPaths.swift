import Foundation

/// Paths tests need: the repository, the shared data folder beside it, built products, and
/// fresh temporary directories.
public enum TestPaths {
    /// The package root (this file is Tests/TestSupport/TestPaths.swift).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/data` beside the checkout (MBPP, Code Alpaca).
    public static let sharedData: URL = repositoryRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/data")

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
