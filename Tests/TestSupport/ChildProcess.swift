import Foundation

/// Runs a program to completion and captures its output, for tests of commands.
public struct ProcessOutput: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

public enum ChildProcess {
    /// Runs the program and waits for it on a thread of its own: waiting on a thread of Swift's
    /// cooperative pool, which has one thread per core, would starve every other test's tasks,
    /// timeouts and HTTP deadlines included, for as long as the child runs.
    public static func run(_ executable: URL, _ arguments: [String], currentDirectory: URL? = nil,
                           environment: [String: String]? = nil) async throws -> ProcessOutput {
        try await onThreadOfItsOwn {
            try runBlocking(executable, arguments, currentDirectory: currentDirectory, environment: environment)
        }
    }

    private static func runBlocking(_ executable: URL, _ arguments: [String], currentDirectory: URL?,
                                    environment: [String: String]?) throws -> ProcessOutput {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently so a chatty child cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessOutput(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Waits for a started process without holding a thread of the cooperative pool.
    public static func waitWithoutBlocking(_ process: Process) async {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        process.waitUntilExit()
    }

    /// Kills `process` with SIGKILL as soon as `condition` holds (checked every 20 ms, for at
    /// most `timeout` seconds) and waits for it. Returns whether it was killed; false when it
    /// ended by itself or the time ran out. The crash tests' "kill it mid-stage".
    public static func kill(_ process: Process, when condition: @escaping @Sendable () throws -> Bool,
                            timeout: Double) async throws -> Bool {
        // Polled on a thread of its own: on a busy cooperative pool (other suites waiting on
        // children) a `Task.sleep` may oversleep by seconds and miss the moment to kill.
        nonisolated(unsafe) let process = process
        return try await onThreadOfItsOwn {
            let deadline = Date().addingTimeInterval(timeout)
            var killed = false
            while process.isRunning, Date() < deadline {
                if try condition() {
                    killNow(process)
                    killed = true
                    break
                }
                Thread.sleep(forTimeInterval: 0.02)
            }
            process.waitUntilExit()
            return killed
        }
    }

    /// Starts a program in the background; the caller kills or waits for it.
    public static func start(_ executable: URL, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }
}

/// SIGKILL, outside `ChildProcess`, whose own `kill` would hide the C function.
private func killNow(_ process: Process) {
    kill(process.processIdentifier, SIGKILL)
}

/// Runs blocking work (waiting for a child, polling with sleeps) on a thread of its own and
/// awaits the result, leaving the cooperative pool's few threads to the other tests.
public func onThreadOfItsOwn<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try body() })
        }
    }
}
