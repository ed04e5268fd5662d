import Foundation
import InstructData

/// Turns what a user passes as `--model` into a GGUF file on disk: a registry name (pulled on
/// first use), a path to a .gguf file, or an http(s) URL (downloaded once into the cache).
public struct ModelLocator: Sendable {
    public struct Located: Sendable {
        /// Name the engine serves the model under.
        public var name: String
        public var path: URL
        public var spec: ModelSpec?
    }

    public let cache: ModelCache

    public init(cache: ModelCache = .standard()) { self.cache = cache }

    /// nil means the default model.
    public func locate(_ reference: String?, sha256: String? = nil,
                       progress: @Sendable (String) -> Void = { _ in }) async throws -> Located {
        let text = reference ?? ModelRegistry.defaultModelName
        if let spec = ModelRegistry.spec(named: text) {
            if let path = cache.installedPath(for: spec) { return Located(name: spec.name, path: path, spec: spec) }
            progress("pulling \(spec.name) (first use)")
            let outcome = try await ModelPuller(cache: cache, python: try PythonInterpreter.find()).pull(spec, progress: progress)
            return Located(name: spec.name, path: URL(fileURLWithPath: outcome.path), spec: spec)
        }
        if text.hasPrefix("http://") || text.hasPrefix("https://") {
            let path = try await URLModelDownloader(cache: cache).fetch(text, sha256: sha256, progress: progress)
            return Located(name: path.deletingPathExtension().lastPathComponent, path: path, spec: nil)
        }
        let path = URL(fileURLWithPath: (text as NSString).expandingTildeInPath)
        guard FileManager.default.fileExists(atPath: path.path) else {
            let names = ModelRegistry.all.map(\.name).joined(separator: ", ")
            throw ModelClientError.configuration("\(text): not a known model (\(names)), a GGUF file or an http(s) URL")
        }
        if let sha256 {
            let digest = try FileDigest.sha256(of: path)
            guard digest == sha256.lowercased() else {
                throw ModelClientError.configuration("\(path.path): sha256 \(digest) does not match the expected \(sha256)")
            }
        }
        return Located(name: path.deletingPathExtension().lastPathComponent, path: path, spec: nil)
    }
}
