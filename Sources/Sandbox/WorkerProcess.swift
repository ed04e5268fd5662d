import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One long-lived worker process and the thread that talks to it.
///
/// The thread starts the process itself, so that bubblewrap's --die-with-parent (which follows
/// the thread that forked) lasts exactly as long as this worker; it then sends one job line at a
/// time and waits for the reply with a deadline. A worker that dies or hangs is killed and never
/// used again; the pool starts another.
final class WorkerProcess: @unchecked Sendable {
    enum Failure: Error {
        case died(String)
        case hung
    }

    private struct Request {
        var line: Data
        var deadline: Double
        var continuation: CheckedContinuation<Data, any Error>
    }

    private let executable: String
    private let arguments: [String]
    private let startupTimeout: Double
    private let lock = NSLock()
    private let wakeUp = DispatchSemaphore(value: 0)
    private var requests: [Request] = []
    private var stopping = false
    private var dead: Failure?

    init(executable: String, arguments: [String], startupTimeout: Double = 60) {
        self.executable = executable
        self.arguments = arguments
        self.startupTimeout = startupTimeout
        let thread = Thread { [self] in self.serve() }
        thread.name = "sandbox-worker"
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Sends one request line (ending in a newline) and returns the reply line.
    func send(_ line: Data, timeout: Double) async throws -> Data {
        try await withCheckedThrowingContinuation { continuation in
            let failure: Failure? = lock.withLock {
                if let dead { return dead }
                if stopping { return .died("the worker was stopped") }
                requests.append(Request(line: line, deadline: timeout, continuation: continuation))
                return nil
            }
            if let failure {
                continuation.resume(throwing: failure)
            } else {
                wakeUp.signal()
            }
        }
    }

    /// Waits until the worker has said it is ready (or failed).
    func ready() async throws {
        _ = try await send(Data(), timeout: startupTimeout)
    }

    func stop() {
        lock.withLock { stopping = true }
        wakeUp.signal()
    }

    // MARK: - the worker's thread

    private func serve() {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        var reader = LineReader(fd: output.fileHandleForReading.fileDescriptor)
        let writeFD = input.fileHandleForWriting.fileDescriptor
        var failure: Failure?
        do {
            try process.run()
        } catch {
            failure = .died("could not start \(executable): \(error.localizedDescription)")
        }
        if failure == nil {
            switch reader.readLine(timeout: startupTimeout) {
            case .line(let line) where line.starts(with: Data("{\"ready\"".utf8)):
                break
            case .line(let line):
                failure = .died("unexpected first line: \(String(decoding: line.prefix(300), as: UTF8.self))")
            case .closed, .timedOut:
                failure = .died(Self.describe(errors: errors, process: process))
            }
        }
        while failure == nil {
            wakeUp.wait()
            let next: Request? = lock.withLock {
                if stopping { return nil }
                return requests.isEmpty ? nil : requests.removeFirst()
            }
            guard let request = next else {
                if lock.withLock({ stopping }) { break }
                continue
            }
            if request.line.isEmpty {  // a readiness probe
                request.continuation.resume(returning: Data())
                continue
            }
            guard Self.writeAll(request.line, to: writeFD) else {
                failure = .died(Self.describe(errors: errors, process: process))
                request.continuation.resume(throwing: failure ?? .died("write failed"))
                break
            }
            switch reader.readLine(timeout: request.deadline) {
            case .line(let line):
                request.continuation.resume(returning: line)
            case .timedOut:
                failure = .hung
                request.continuation.resume(throwing: Failure.hung)
            case .closed:
                failure = .died(Self.describe(errors: errors, process: process))
                request.continuation.resume(throwing: failure ?? .died("closed"))
            }
        }
        // Kill the whole worker: bubblewrap's own process; its namespace goes with it.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        try? input.fileHandleForWriting.close()
        if process.processIdentifier > 0 { process.waitUntilExit() }
        let final = failure ?? .died("the worker was stopped")
        let orphans: [Request] = lock.withLock {
            dead = final
            defer { requests.removeAll() }
            return requests
        }
        for request in orphans { request.continuation.resume(throwing: final) }
    }

    private static func writeAll(_ data: Data, to fd: Int32) -> Bool {
        data.withUnsafeBytes { raw -> Bool in
            guard var pointer = raw.baseAddress else { return true }
            var remaining = raw.count
            while remaining > 0 {
                let written = write(fd, pointer, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                remaining -= written
                pointer += written
            }
            return true
        }
    }

    private static func describe(errors: Pipe, process: Process) -> String {
        let fd = errors.fileHandleForReading.fileDescriptor
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var buffer = [UInt8](repeating: 0, count: 8192)
        let count = read(fd, &buffer, buffer.count)
        let text = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
        let exit = process.isRunning ? "still running" : "exit status \(process.terminationStatus)"
        return text.isEmpty ? "the worker ended (\(exit))" : "\(text.trimmingCharacters(in: .whitespacesAndNewlines)) (\(exit))"
    }
}

/// Reads newline-terminated lines from a descriptor, with a deadline per line.
struct LineReader {
    enum Outcome {
        case line(Data)
        case closed
        case timedOut
    }

    let fd: Int32
    private var buffer = Data()
    /// Where the search for a newline resumes: the bytes before it have none. Without it a
    /// long reply (evalplus reference outputs reach 60 MB) is scanned again after each chunk.
    private var scanned = 0

    init(fd: Int32) { self.fd = fd }

    mutating func readLine(timeout: Double) -> Outcome {
        let deadline = Date().addingTimeInterval(timeout)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            if let newline = buffer[(buffer.startIndex + scanned)...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[(newline + 1)...])
                scanned = 0
                return .line(Data(line))
            }
            scanned = buffer.count
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return .timedOut }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining * 1000, 1_000_000)) + 1)
            if ready < 0 {
                if errno == EINTR { continue }
                return .closed
            }
            if ready == 0 { continue }
            let count = read(fd, &chunk, chunk.count)
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .closed
            }
            if count == 0 { return .closed }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }
}
