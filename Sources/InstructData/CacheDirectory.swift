import Foundation

/// Where the tool keeps what it fetches or computes once and reuses across runs (model files,
/// the engine's environment, evalplus reference outputs): `$XDG_CACHE_HOME/inverse-instruct`,
/// else `~/.cache/inverse-instruct`.
public enum CacheDirectory {
    public static func root(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        let base: URL
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            base = URL(fileURLWithPath: xdg, isDirectory: true)
        } else {
            let home = environment["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) }
                ?? FileManager.default.homeDirectoryForCurrentUser
            base = home.appendingPathComponent(".cache", isDirectory: true)
        }
        return base.appendingPathComponent("inverse-instruct", isDirectory: true)
    }
}
