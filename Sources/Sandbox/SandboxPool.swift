import Foundation
import InstructData

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A pool of warm Python workers that run untrusted code.
///
/// `run` never throws for what the code does: every outcome is a `JobResult`. A job whose
/// worker dies or hangs is reported `killed` or `timeout` (never `passed`), and the worker is
/// replaced.
public actor SandboxPool {
    public nonisolated let configuration: SandboxConfiguration
    public nonisolated let python: PythonInstallation
    /// Appears on every worker's command line (`inverse-instruct-pool-...`).
    public nonisolated let identifier: String
    private let bubblewrap: String?
    private let scratchDirectory: String?
    private var idle: [WorkerProcess] = []
    private var waiting: [CheckedContinuation<WorkerProcess, Never>] = []
    private var running = 0
    private var closed = false
    private var nextUID: Int
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()
    private let decoder = JSONDecoder()

    /// Finds Python (and bubblewrap, unless isolation is off). Throws `SandboxError` when a
    /// needed piece is missing; workers start on first use or in `warmUp()`.
    public init(configuration: SandboxConfiguration = SandboxConfiguration()) throws {
        signal(SIGPIPE, SIG_IGN)
        self.configuration = configuration
        switch configuration.isolation {
        case .bubblewrap:
            guard let bwrap = WorkerCommand.findBubblewrap() else { throw SandboxError.bubblewrapMissing }
            self.bubblewrap = bwrap
            self.scratchDirectory = nil
        case .none:
            self.bubblewrap = nil
            let directory = NSTemporaryDirectory() + "inverse-instruct-sandbox-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            self.scratchDirectory = directory
        }
        self.python = try PythonInstallation.resolve(configuration.python)
        self.identifier = "inverse-instruct-pool-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        // Job uids for workers started as root: a random block far from real accounts.
        self.nextUID = 1_000_000 + Int.random(in: 0..<1_000_000) * 64
    }

    /// Starts every worker and waits until each is ready; throws if one cannot start.
    public func warmUp() async throws {
        var started: [WorkerProcess] = []
        while running < configuration.workers {
            let worker = try makeWorker()
            running += 1
            started.append(worker)
        }
        var firstFailure: (any Error)?
        for worker in started {
            do {
                try await worker.ready()
                release(worker)
            } catch {
                firstFailure = firstFailure ?? error
                worker.stop()
                running -= 1
            }
        }
        if let failure = firstFailure {
            if case WorkerProcess.Failure.died(let detail) = failure { throw SandboxError.workerFailedToStart(detail) }
            throw SandboxError.workerFailedToStart(String(describing: failure))
        }
    }

    /// Runs one job to its end.
    public func run(_ job: SandboxJob) async -> JobResult {
        let timeout = job.timeout ?? configuration.timeout
        let line: Data
        do {
            line = try encoder.encode(WireJob(job: job, timeout: timeout, limits: job.limits ?? configuration.limits)) + Data([0x0A])
        } catch {
            return JobResult(status: .error, stage: "setup", exception: "EncodingError", message: String(describing: error))
        }
        let worker: WorkerProcess
        do {
            worker = try await acquire()
        } catch {
            return JobResult(status: .error, stage: "setup", exception: "SandboxError", message: String(describing: error))
        }
        do {
            let reply = try await worker.send(line, timeout: timeout + configuration.workerGrace)
            release(worker)
            do {
                return try decoder.decode(JobResult.self, from: reply)
            } catch {
                return JobResult(status: .error, stage: "setup", exception: "ProtocolError",
                                 message: "unreadable reply from the worker: \(String(decoding: reply.prefix(200), as: UTF8.self))")
            }
        } catch WorkerProcess.Failure.hung {
            retire(worker)
            return JobResult(status: .timeout, exception: "WorkerHung",
                             message: "the worker did not answer within \(timeout + configuration.workerGrace) s and was killed")
        } catch {
            retire(worker)
            let detail: String
            if case WorkerProcess.Failure.died(let text) = error { detail = text } else { detail = String(describing: error) }
            return JobResult(status: .killed, exception: "WorkerDied", message: "the worker died during the job: \(detail)")
        }
    }

    /// Stops every worker. Jobs still queued get an error result.
    public func shutdown() {
        closed = true
        for worker in idle { worker.stop() }
        idle.removeAll()
        if let scratchDirectory { try? FileManager.default.removeItem(atPath: scratchDirectory) }
    }

    // MARK: - workers

    private func makeWorker() throws -> WorkerProcess {
        let uid: Int? = geteuid() == 0 ? nextUID : nil
        nextUID += 1
        let command = WorkerCommand(isolation: configuration.isolation, python: python, jobUID: uid,
                                    scratchDirectory: scratchDirectory, poolIdentifier: identifier,
                                    readOnlyPaths: configuration.readOnlyPaths)
        let (executable, arguments) = try command.arguments(bubblewrap: bubblewrap)
        return WorkerProcess(executable: executable, arguments: arguments)
    }

    private func acquire() async throws -> WorkerProcess {
        if closed { throw SandboxError.shutDown }
        if let worker = idle.popLast() { return worker }
        if running < configuration.workers {
            let worker = try makeWorker()
            running += 1
            return worker
        }
        return await withCheckedContinuation { waiting.append($0) }
    }

    private func release(_ worker: WorkerProcess) {
        if closed {
            worker.stop()
        } else if waiting.isEmpty {
            idle.append(worker)
        } else {
            waiting.removeFirst().resume(returning: worker)
        }
    }

    private func retire(_ worker: WorkerProcess) {
        worker.stop()
        running -= 1
        guard !waiting.isEmpty, !closed, let replacement = try? makeWorker() else { return }
        running += 1
        waiting.removeFirst().resume(returning: replacement)
    }
}

/// The job as the worker script reads it.
private struct WireJob: Encodable {
    struct Limits: Encodable {
        var cpu: Int
        var memory: Int
        var fileSize: Int
        var processes: Int
        var openFiles: Int

        init(_ limits: ResourceLimits, timeout: Double) {
            cpu = limits.cpuSeconds ?? Int(timeout.rounded(.up)) + 1
            memory = limits.memoryBytes
            fileSize = limits.fileSizeBytes
            processes = limits.processes
            openFiles = limits.openFiles
        }

        enum CodingKeys: String, CodingKey {
            case cpu, memory, processes
            case fileSize = "file_size"
            case openFiles = "open_files"
        }
    }

    struct Command: Encodable {
        var stage: String
        var argv: [String]
        var timeout: Double
        var limits: Limits?
        var env: [String: String]
        var failOutput: [String]

        enum CodingKeys: String, CodingKey {
            case stage, argv, timeout, limits, env
            case failOutput = "fail_output"
        }
    }

    var shape: String
    var program: String
    var files: [String: String]?
    var commands: [Command]?
    var tests: String?
    var checkFunction: String?
    var entryPoint: String?
    var inputs: [JSONValue]?
    var expected: [JSONValue]?
    var atol: Double?
    var stdin: String?
    var expectedStdout: String?
    var harness: String?
    var payload: JSONValue?
    var timeout: Double
    var limits: Limits

    init(job: SandboxJob, timeout: Double, limits: ResourceLimits) {
        shape = job.shape.rawValue
        program = job.program
        tests = job.tests
        checkFunction = job.checkFunction
        entryPoint = job.entryPoint
        inputs = job.inputs
        expected = job.expected
        atol = job.tolerance
        stdin = job.standardInput
        expectedStdout = job.expectedStandardOutput
        harness = job.harness
        payload = job.payload
        self.timeout = timeout
        self.limits = Limits(limits, timeout: timeout)
        files = job.files
        commands = job.commands?.map { command in
            Command(stage: command.stage, argv: command.arguments, timeout: command.timeout,
                    limits: command.limits.map { Limits($0, timeout: command.timeout) }, env: command.environment,
                    failOutput: command.failingOutput)
        }
    }

    enum CodingKeys: String, CodingKey {
        case shape, program, tests, inputs, expected, atol, stdin, timeout, limits, files, commands, harness, payload
        case checkFunction = "check_function"
        case entryPoint = "entry_point"
        case expectedStdout = "expected_stdout"
    }
}
