import Foundation

/// One long-lived `python3 -I` process running a helper script that answers one JSON line
/// per request line, so work over a whole corpus costs one interpreter start, not one per
/// record. Not thread-safe: its owner serializes requests (an actor, or one caller).
public final class PythonHelperProcess {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var pending = Data()
    /// What the helper is, for error messages ("Python syntax checker").
    private let role: String

    /// `python` defaults to `PythonInterpreter.find()`.
    public init(script: String, role: String, python: String? = nil) throws {
        let command = try python ?? PythonInterpreter.find().path
        self.role = role
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [command, "-I", "-c", script]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ToolError(.missing, "cannot start \(command) for the \(role): \(error)")
        }
    }

    deinit {
        // End of input ends the helper's read loop; terminate covers one that is stuck.
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// Sends one request and returns the helper's reply, parsed.
    public func ask(_ request: JSONValue) throws -> JSONValue {
        do {
            try input.fileHandleForWriting.write(contentsOf: Data((request.serialized() + "\n").utf8))
        } catch {
            throw ToolError(.failed, "the \(role) stopped: \(error)")
        }
        let line = try readLine()
        do {
            return try JSONParser.parse(ArraySlice(line))
        } catch {
            throw ToolError(.failed, "the \(role) gave an unexpected reply: \(error)")
        }
    }

    private func readLine() throws -> [UInt8] {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = [UInt8](pending[pending.startIndex..<newline])
                pending = Data(pending[(newline + 1)...])
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw ToolError(.failed, "the \(role) exited unexpectedly") }
            pending.append(chunk)
        }
    }
}
