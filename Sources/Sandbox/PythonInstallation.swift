import Foundation
import InstructData

/// The Python installation the workers run on: the interpreter to start and the directories
/// the sandbox must show it (its prefixes; a venv has two).
public struct PythonInstallation: Sendable, Hashable {
    public var executable: String
    public var roots: [String]
    public var version: String

    /// Asks `command` (a path, or a name looked up on PATH; default: `PythonInterpreter.find()`)
    /// where it really lives. Shims such as pyenv's are followed by running the interpreter once.
    public static func resolve(_ command: String? = nil) throws -> PythonInstallation {
        let name: String
        do {
            name = try command ?? PythonInterpreter.find().path
        } catch let error as ToolError {
            throw SandboxError.pythonNotFound(error.message)
        }
        // Prints eight fields, read below in order.
        let probe = String(decoding: PackageResources.interpreter_probe_py, as: UTF8.self)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name, "-I", "-c", probe]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw SandboxError.pythonNotFound("\(name): \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let fields = try? JSONSerialization.jsonObject(with: data) as? [Any], fields.count == 8,
              let executable = fields[0] as? String, let real = fields[1] as? String,
              let version = fields[6] as? String
        else {
            throw SandboxError.pythonNotFound("'\(name)' did not run (is it on PATH?)")
        }
        guard fields[7] as? Bool == true else {
            throw SandboxError.pythonNotFound("\(executable) is Python \(version); the sandbox needs 3.9 or newer")
        }
        var roots: [String] = []
        for case let path as String in fields[2...5] {
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            roots.append(resolved)
            if resolved != path { roots.append(path) }
        }
        roots.append(URL(fileURLWithPath: real).deletingLastPathComponent().deletingLastPathComponent().path)
        return PythonInstallation(executable: executable, roots: Self.minimal(roots), version: version)
    }

    /// Drops duplicates and directories inside another listed one.
    static func minimal(_ paths: [String]) -> [String] {
        let unique = Array(Set(paths.map { $0.hasSuffix("/") && $0.count > 1 ? String($0.dropLast()) : $0 })).sorted()
        return unique.filter { path in
            !unique.contains { other in other != path && (other == "/" || path.hasPrefix(other + "/")) }
        }
    }
}
