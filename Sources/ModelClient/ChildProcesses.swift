import Foundation
import Synchronization

/// Every child process this library started and has not yet reaped, so a signal handler can
/// end them all before the tool exits (see `ChildProcesses.terminateAll`).
public enum ChildProcesses {
    private static let running = Mutex<Set<Int32>>([])

    public static func register(_ pid: Int32) { running.withLock { _ = $0.insert(pid) } }
    public static func unregister(_ pid: Int32) { running.withLock { _ = $0.remove(pid) } }

    public static var pids: Set<Int32> { running.withLock { $0 } }

    /// Sends SIGTERM to every registered child, waits up to `grace` seconds, then SIGKILLs the rest.
    /// Safe to call from a signal-handling queue.
    public static func terminateAll(grace: Double = 5) {
        let pids = self.pids
        for pid in pids { kill(pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(grace)
        var remaining = pids
        while !remaining.isEmpty && Date() < deadline {
            remaining = remaining.filter { kill($0, 0) == 0 && !reaped($0) }
            if !remaining.isEmpty { usleep(50_000) }
        }
        for pid in remaining { kill(pid, SIGKILL) }
    }

    private static func reaped(_ pid: Int32) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid
    }
}

/// Runs a program to completion, its output going to a file (no pipe to fill up), and kills it
/// if the calling task is cancelled.
public enum ProcessRunner {
    public struct Failure: Error, CustomStringConvertible {
        public var command: String
        public var status: Int32
        public var outputTail: String
        public var description: String { "\(command) exited with status \(status):\n\(outputTail)" }
    }

    /// Returns the combined output; throws `Failure` on a non-zero exit.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    displayName: String? = nil) async throws -> String {
        let logURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("inverse-instruct-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: logURL) }
        let log = try FileHandle(forWritingTo: logURL)
        defer { try? log.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice

        let status: Int32 = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, Error>) in
                process.terminationHandler = { finished in
                    ChildProcesses.unregister(finished.processIdentifier)
                    continuation.resume(returning: finished.terminationStatus)
                }
                do {
                    try process.run()
                    ChildProcesses.register(process.processIdentifier)
                } catch {
                    process.terminationHandler = nil
                    continuation.resume(throwing: error)
                }
            }
        } onCancel: {
            if process.isRunning { process.terminate() }
        }
        try Task.checkCancellation()
        let output = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw Failure(command: displayName ?? ([executable] + arguments).joined(separator: " "), status: status,
                          outputTail: String(output.suffix(2000)))
        }
        return output
    }
}
