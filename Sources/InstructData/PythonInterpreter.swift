import Foundation

/// The Python the tool runs everywhere (helpers, sandbox workers, pip for pulls, the engine's
/// environment), found by one rule: `$INVERSE_INSTRUCT_PYTHON` if set, else the first `python3`
/// on PATH.
public struct PythonInterpreter: Sendable, Hashable {
    public static let environmentVariable = "INVERSE_INSTRUCT_PYTHON"

    /// A path, or a name the system looks up on PATH (`/usr/bin/env` starts it).
    public let path: String

    public init(path: String) { self.path = path }

    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PythonInterpreter {
        if let explicit = environment[environmentVariable], !explicit.isEmpty {
            return PythonInterpreter(path: explicit)
        }
        for directory in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return PythonInterpreter(path: candidate) }
        }
        throw ToolError(.missing, "python3 not found on PATH; install Python 3.9 or newer, or set \(environmentVariable)")
    }
}
