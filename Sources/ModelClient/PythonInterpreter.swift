import Foundation

/// The Python used to run pip (for pulls) and to create the engine's private environment:
/// `$INVERSE_INSTRUCT_PYTHON`, else the first `python3` on PATH.
public struct PythonInterpreter: Sendable, Hashable {
    public let path: String

    public init(path: String) { self.path = path }

    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PythonInterpreter {
        if let explicit = environment["INVERSE_INSTRUCT_PYTHON"], !explicit.isEmpty {
            return PythonInterpreter(path: explicit)
        }
        for directory in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return PythonInterpreter(path: candidate) }
        }
        throw ModelClientError.configuration("python3 not found on PATH (needed for pip); install Python 3.9+ or set INVERSE_INSTRUCT_PYTHON")
    }
}
