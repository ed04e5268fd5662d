import Foundation
import InstructData
import ModelClient
import Synchronization

/// Runs one step of the trainer (`trainer.py prepare|train`, directly or under `accelerate
/// launch`, or the GGUF converter): its event lines (`{"event": ...}` on stdout) go to
/// `onEvent` as they come, everything else to the log file. Its stdin is a pipe the tool holds
/// open, so the trainer ends itself if the tool dies (SIGKILL included); it is registered with
/// `ChildProcesses`, so Ctrl-C ends it too.
public struct TrainerProcess: Sendable {
    public struct Outcome: Sendable {
        public var status: Int32
        /// The message of the trainer's last `error` event, if it sent one.
        public var errorMessage: String?
    }

    public var arguments: [String]
    public var environment: [String: String]
    public var log: URL

    public init(arguments: [String], environment: [String: String], log: URL) {
        self.arguments = arguments
        self.environment = environment
        self.log = log
    }

    public func run(onEvent: @escaping @Sendable (JSONValue) -> Void) async throws -> Outcome {
        try FileManager.default.createDirectory(at: log.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: log.path) {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        let logHandle = try FileHandle(forWritingTo: log)
        try logHandle.seekToEnd()
        try logHandle.write(contentsOf: Data("\n$ \(LaunchPlan.shellLine(arguments))\n".utf8))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        merged["INVERSE_INSTRUCT_WATCH_STDIN"] = "1"
        process.environment = merged
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = logHandle
        process.standardInput = input

        let lastError = Mutex<String?>(nil)
        let drained = DispatchSemaphore(value: 0)
        let reader = Thread {
            defer { drained.signal() }
            var pending = Data()
            let handle = output.fileHandleForReading
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = Data(pending[pending.startIndex..<newline])
                    pending = Data(pending[(newline + 1)...])
                    if let event = try? JSONParser.parse(ArraySlice([UInt8](line))), event["event"]?.stringValue != nil {
                        if event["event"]?.stringValue == "error" { lastError.withLock { $0 = event["message"]?.stringValue } }
                        onEvent(event)
                    } else {
                        try? logHandle.write(contentsOf: line + Data("\n".utf8))
                    }
                }
            }
        }

        let status: Int32 = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, Error>) in
                reader.start()
                process.terminationHandler = { ended in
                    ChildProcesses.unregister(ended.processIdentifier)
                    // Let the reader drain what the trainer wrote last.
                    DispatchQueue.global().async {
                        drained.wait()
                        continuation.resume(returning: ended.terminationStatus)
                    }
                }
                do {
                    try process.run()
                    ChildProcesses.register(process.processIdentifier)
                } catch {
                    process.terminationHandler = nil
                    try? output.fileHandleForWriting.close()
                    continuation.resume(throwing: ToolError(.failed, "cannot start \(arguments.first ?? "the trainer"): \(error)"))
                }
                // The child has its own copy of the write end; ours must close for the reader to see EOF.
                try? output.fileHandleForWriting.close()
            }
        } onCancel: {
            if process.isRunning { process.terminate() }
        }
        try? input.fileHandleForWriting.close()
        try? logHandle.close()
        return Outcome(status: status, errorMessage: lastError.withLock { $0 })
    }
}
