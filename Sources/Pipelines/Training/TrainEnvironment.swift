import Foundation
import InstructData
import ModelClient

/// The trainer's private Python environment: a venv in the cache (`train-venv`) with the pinned
/// requirements (torch, transformers, TRL, accelerate, peft, datasets, gguf, sentencepiece) and
/// llama.cpp's HF → GGUF converter. Created once, on first use; later calls find it ready.
/// torch comes from the local wheel folder when pip's `PIP_FIND_LINKS` has the CPU build, else
/// from PyPI.
public struct TrainEnvironment: Sendable {
    public static let requirements = String(decoding: PackageResources.requirements_txt, as: UTF8.self)
    static let converterFetcher = String(decoding: PackageResources.fetch_converter_py, as: UTF8.self)

    public let root: URL

    /// `root`: the tool's cache (`~/.cache/inverse-instruct`).
    public init(root: URL = CacheDirectory.root()) { self.root = root }

    public var directory: URL { root.appendingPathComponent("train-venv", isDirectory: true) }
    public var python: URL { directory.appendingPathComponent("bin/python") }
    /// `convert_hf_to_gguf.py`, `conversion/` and `gguf-py/` from llama.cpp.
    public var converterDirectory: URL { directory.appendingPathComponent("llama.cpp", isDirectory: true) }
    public var converter: URL { converterDirectory.appendingPathComponent("convert_hf_to_gguf.py") }
    private var readyMarker: URL { directory.appendingPathComponent(".inverse-instruct-ready") }

    /// What the ready marker holds: the requirements' digest, so a new pin rebuilds the venv.
    static var stamp: String { ContentHash.id(parts: ["train-venv-v1", requirements]) }

    public var isReady: Bool {
        (try? String(contentsOf: readyMarker, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) == Self.stamp
            && FileManager.default.isExecutableFile(atPath: python.path)
            && FileManager.default.fileExists(atPath: converter.path)
    }

    /// Creates the environment if needed; returns its Python. `progress` hears what is happening.
    @discardableResult
    public func prepare(progress: @Sendable (String) -> Void = { _ in }) async throws -> URL {
        if isReady { return python }
        let lock = try FileLock(path: root.appendingPathComponent(".train-venv.lock"))
        defer { withExtendedLifetime(lock) {} }
        if isReady { return python }
        let base = try PythonInterpreter.find()
        try? FileManager.default.removeItem(at: directory)
        progress("creating the train environment in \(directory.path) (torch, transformers, TRL: a few minutes, once)")
        let started = ContinuousClock.now
        do {
            try await ProcessRunner.run("/usr/bin/env", [base.path, "-m", "venv", directory.path], displayName: "python3 -m venv")
            let requirementsFile = directory.appendingPathComponent("requirements.txt")
            try Data(Self.requirements.utf8).write(to: requirementsFile)
            progress("installing the pinned requirements (pip)")
            try await ProcessRunner.run(python.path, ["-m", "pip", "install", "--disable-pip-version-check", "--no-input",
                                                      "--progress-bar", "off", "-r", requirementsFile.path],
                                        displayName: "pip install -r requirements.txt")
            progress("fetching llama.cpp's GGUF converter (llama-cpp-python sdist, not compiled)")
            try await ProcessRunner.run(python.path, ["-c", Self.converterFetcher, converterDirectory.path],
                                        displayName: "fetch_converter.py")
            try await ProcessRunner.run(python.path, ["-c", "import torch, transformers, trl, accelerate, peft, datasets, gguf"],
                                        displayName: "import the training libraries")
            try Data((Self.stamp + "\n").utf8).write(to: readyMarker, options: .atomic)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw ToolError(.failed, "could not prepare the train environment: \(error)")
        }
        let seconds = (ContinuousClock.now - started).components.seconds
        progress("train environment ready in \(seconds) s")
        return python
    }
}
