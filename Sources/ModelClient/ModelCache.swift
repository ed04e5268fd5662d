import Foundation
import InstructData

/// Where the tool keeps what it fetches once: model files and the engine's private Python
/// environment. `$XDG_CACHE_HOME/inverse-instruct`, else `~/.cache/inverse-instruct`.
public struct ModelCache: Sendable, Hashable {
    public let root: URL

    public init(root: URL) { self.root = root }

    /// The cache the tool and its tests use by default.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> ModelCache {
        ModelCache(root: CacheDirectory.root(environment: environment))
    }

    public var modelsDirectory: URL { root.appendingPathComponent("models", isDirectory: true) }
    public var engineEnvironmentDirectory: URL { root.appendingPathComponent("engine-venv", isDirectory: true) }
    public var logsDirectory: URL { root.appendingPathComponent("logs", isDirectory: true) }

    /// Where a registry model lives once pulled.
    public func path(for model: ModelSpec) -> URL { modelsDirectory.appendingPathComponent(model.fileName) }

    /// The verified file, or nil when the model is not (completely) pulled. A pull writes a
    /// `.sha256` marker after verifying, so this check costs no hashing.
    public func installedPath(for model: ModelSpec) -> URL? {
        let path = path(for: model)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path.path),
              (attributes[.size] as? NSNumber)?.int64Value == model.size,
              let marker = try? String(contentsOf: markerPath(for: model), encoding: .utf8),
              marker.trimmingCharacters(in: .whitespacesAndNewlines) == model.sha256 else { return nil }
        return path
    }

    func markerPath(for model: ModelSpec) -> URL {
        modelsDirectory.appendingPathComponent(model.fileName + ".sha256")
    }

    /// The test model's file, or an error telling how to get it (tests fail with this).
    public static func requireTestModel(cache: ModelCache = .standard()) throws -> URL {
        let spec = ModelRegistry.testModel
        guard let path = cache.installedPath(for: spec) else {
            throw ModelClientError.configuration("the test model \(spec.name) is not in \(cache.modelsDirectory.path): run scripts/setup.sh")
        }
        return path
    }
}
