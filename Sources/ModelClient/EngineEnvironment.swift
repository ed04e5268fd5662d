import Foundation
import InstructData

/// The local engine's private Python environment: a venv in the cache with the pinned
/// `xllamacpp` wheel (llama.cpp's server, CPU build). Created once; later calls find it ready.
public struct EngineEnvironment: Sendable {
    public static let xllamacppRequirement = "xllamacpp==2026.10.11549"

    public let cache: ModelCache

    public init(cache: ModelCache = .standard()) { self.cache = cache }

    public var directory: URL { cache.engineEnvironmentDirectory }
    public var python: URL { directory.appendingPathComponent("bin/python") }
    private var readyMarker: URL { directory.appendingPathComponent(".inverse-instruct-ready") }

    /// Whether the environment exists with the pinned engine installed.
    public var isReady: Bool {
        (try? String(contentsOf: readyMarker, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            == Self.xllamacppRequirement && FileManager.default.isExecutableFile(atPath: python.path)
    }

    /// Creates the environment if needed; returns its Python. `progress` hears what is happening.
    @discardableResult
    public func prepare(progress: @Sendable (String) -> Void = { _ in }) async throws -> URL {
        if isReady { return python }
        let lock = try FileLock(path: cache.root.appendingPathComponent(".engine-venv.lock"))
        defer { withExtendedLifetime(lock) {} }
        if isReady { return python }
        let base = try PythonInterpreter.find()
        try? FileManager.default.removeItem(at: directory)
        progress("creating the engine environment in \(directory.path)")
        do {
            try await ProcessRunner.run(base.path, ["-m", "venv", directory.path], displayName: "python3 -m venv")
            progress("installing \(Self.xllamacppRequirement) from PyPI")
            try await ProcessRunner.run(python.path, ["-m", "pip", "install", "--disable-pip-version-check",
                                                      "--no-input", "--progress-bar", "off", Self.xllamacppRequirement],
                                        displayName: "pip install \(Self.xllamacppRequirement)")
            try await ProcessRunner.run(python.path, ["-c", "import xllamacpp"], displayName: "import xllamacpp")
            try Data((Self.xllamacppRequirement + "\n").utf8).write(to: readyMarker, options: .atomic)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw ModelClientError.configuration("could not prepare the local engine: \(error)")
        }
        return python
    }
}
