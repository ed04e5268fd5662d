import Foundation
import NIOHTTP1
import Synchronization

/// llama.cpp's server (through the pinned `xllamacpp` wheel) running as a child process on
/// 127.0.0.1, for commands that are given no model endpoint. `start` prepares the engine
/// environment and the model when missing, waits for `/health`, and returns; `stop` ends the
/// child. If this process dies without calling `stop`, the child sees its stdin close and exits.
public final class LocalEngine: Sendable {
    public struct Options: Sendable, Hashable {
        /// nil: a free port chosen by the system.
        public var port: Int?
        /// Parallel slots (requests decoded together).
        public var parallel: Int
        /// Context length per slot, in tokens.
        public var contextPerSlot: Int
        /// CPU threads; nil: all cores.
        public var threads: Int?
        /// Seconds to wait for the model to load and `/health` to answer.
        public var startTimeout: Double

        public init(port: Int? = nil, parallel: Int = 4, contextPerSlot: Int = 4096, threads: Int? = nil,
                    startTimeout: Double = 180) {
            self.port = port
            self.parallel = parallel
            self.contextPerSlot = contextPerSlot
            self.threads = threads
            self.startTimeout = startTimeout
        }
    }

    /// e.g. `http://127.0.0.1:41234`
    public let baseURL: String
    /// The name the engine serves the model under (`model` in requests).
    public let modelName: String
    public let modelPath: URL
    public let options: Options
    public let processIdentifier: Int32
    private let process: Process
    private let stdinPipe: Pipe
    private let logPath: URL
    private let stopped = Mutex(false)

    /// An endpoint for this engine, with a concurrency limit that keeps its slots busy.
    public var endpoint: Endpoint {
        Endpoint(trustedBaseURL: baseURL, model: modelName, maxConcurrentRequests: max(1, options.parallel * 2), kind: .llamaCpp)
    }

    private init(baseURL: String, modelName: String, modelPath: URL, options: Options, process: Process,
                 stdinPipe: Pipe, logPath: URL) {
        self.baseURL = baseURL
        self.modelName = modelName
        self.modelPath = modelPath
        self.options = options
        self.process = process
        self.processIdentifier = process.processIdentifier
        self.stdinPipe = stdinPipe
        self.logPath = logPath
    }

    /// Locates (pulling if needed) the model, prepares the engine environment if needed, starts
    /// the engine and waits until it answers `/health`.
    public static func start(model reference: String? = nil, options: Options = Options(), cache: ModelCache = .standard(),
                             progress: @Sendable (String) -> Void = { _ in }) async throws -> LocalEngine {
        let located = try await ModelLocator(cache: cache).locate(reference, progress: progress)
        return try await start(modelPath: located.path, name: located.name, options: options, cache: cache, progress: progress)
    }

    public static func start(modelPath: URL, name: String, options: Options = Options(), cache: ModelCache = .standard(),
                             progress: @Sendable (String) -> Void = { _ in }) async throws -> LocalEngine {
        let python = try await EngineEnvironment(cache: cache).prepare(progress: progress)
        try FileManager.default.createDirectory(at: cache.logsDirectory, withIntermediateDirectories: true)
        removeOldLogs(in: cache.logsDirectory)
        let tag = UUID().uuidString.prefix(8)
        let logPath = cache.logsDirectory.appendingPathComponent("engine-\(tag).log")
        let readyPath = cache.logsDirectory.appendingPathComponent("engine-\(tag).ready")
        _ = FileManager.default.createFile(atPath: logPath.path, contents: nil)
        let log = try FileHandle(forWritingTo: logPath)
        defer { try? log.close() }

        let process = Process()
        process.executableURL = python
        let threads = options.threads ?? ProcessInfo.processInfo.activeProcessorCount
        process.arguments = ["-c", launcherScript, modelPath.path, String(options.port ?? 0), String(options.parallel),
                             String(options.contextPerSlot * options.parallel), String(threads), name, readyPath.path]
        let stdinPipe = Pipe()
        process.standardInput = stdinPipe
        process.standardOutput = log
        process.standardError = log
        progress("starting the engine with \(modelPath.lastPathComponent)")
        try process.run()
        ChildProcesses.register(process.processIdentifier)
        do {
            let url = try await waitForReadyFile(readyPath, process: process, timeout: options.startTimeout, logPath: logPath)
            try? FileManager.default.removeItem(at: readyPath)
            let engine = LocalEngine(baseURL: url, modelName: name, modelPath: modelPath, options: options,
                                     process: process, stdinPipe: stdinPipe, logPath: logPath)
            do {
                try await engine.waitForHealth(timeout: options.startTimeout)
            } catch {
                await engine.stop()
                throw error
            }
            return engine
        } catch {
            if process.isRunning { await terminate(process, stdinPipe: stdinPipe) }
            ChildProcesses.unregister(process.processIdentifier)
            try? FileManager.default.removeItem(at: readyPath)
            throw error
        }
    }

    /// Ends the engine: closes its stdin, sends SIGTERM, and SIGKILL after 10 s. Idempotent.
    public func stop() async {
        let alreadyStopped = stopped.withLock { value -> Bool in
            defer { value = true }
            return value
        }
        guard !alreadyStopped else { return }
        await Self.terminate(process, stdinPipe: stdinPipe)
        ChildProcesses.unregister(processIdentifier)
        if process.terminationStatus == 0 { try? FileManager.default.removeItem(at: logPath) }
    }

    private static func terminate(_ process: Process, stdinPipe: Pipe) async {
        try? stdinPipe.fileHandleForWriting.close()
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = ContinuousClock.now + .seconds(10)
        // Not cancellable on purpose: a cancelled command must still wait for its child.
        while process.isRunning && ContinuousClock.now < deadline {
            usleep(20_000)
            await Task.yield()
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    public var isRunning: Bool { process.isRunning }

    private static func waitForReadyFile(_ path: URL, process: Process, timeout: Double, logPath: URL) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOf: path, encoding: .utf8), text.hasSuffix("\n") {
                return text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            guard process.isRunning else {
                throw ModelClientError.configuration("the engine exited during start (status \(process.terminationStatus)); its log \(logPath.path) ends with:\n\(logTail(logPath))")
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw ModelClientError.configuration("the engine did not start within \(Int(timeout)) s; see \(logPath.path)")
    }

    private func waitForHealth(timeout: Double) async throws {
        let transport = HTTPTransport(maxConnectionsPerHost: 1, connectTimeout: 2)
        defer { Task { try? await transport.shutdown() } }
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            if let reply = try? await transport.send(method: .GET, url: baseURL + "/health", endpoint: baseURL, body: nil,
                                                     apiKey: nil, timeout: 5, maxReplyBytes: 1 << 16),
               reply.status == 200 {
                return
            }
            guard process.isRunning else {
                throw ModelClientError.configuration("the engine exited during start; its log \(logPath.path) ends with:\n\(Self.logTail(logPath))")
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw ModelClientError.configuration("the engine at \(baseURL) did not report healthy within \(Int(timeout)) s; see \(logPath.path)")
    }

    /// Logs of engines that were killed (their logs are kept for diagnosis) go after a week.
    private static func removeOldLogs(in directory: URL) {
        let fileManager = FileManager.default
        let cutoff = Date().addingTimeInterval(-7 * 24 * 3600)
        for name in (try? fileManager.contentsOfDirectory(atPath: directory.path)) ?? [] where name.hasPrefix("engine-") {
            let path = directory.appendingPathComponent(name)
            if let modified = (try? fileManager.attributesOfItem(atPath: path.path))?[.modificationDate] as? Date, modified < cutoff {
                try? fileManager.removeItem(at: path)
            }
        }
    }

    private static func logTail(_ path: URL) -> String {
        let text = (try? String(contentsOf: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(15).joined(separator: "\n")
    }

    /// `Python/engine_launcher.py`, embedded at build time: builds CommonParams and a Server,
    /// writes the listening URL to the ready file, and waits for SIGINT/SIGTERM or for stdin to
    /// close (our process is gone), then exits at once.
    static let launcherScript = String(decoding: PackageResources.engine_launcher_py, as: UTF8.self)
}

/// Runs `body` with a started local engine and always stops the engine afterwards, also when
/// `body` throws or the task is cancelled.
public func withLocalEngine<T: Sendable>(model: String? = nil, options: LocalEngine.Options = .init(),
                                         cache: ModelCache = .standard(),
                                         progress: @Sendable (String) -> Void = { _ in },
                                         _ body: (LocalEngine) async throws -> T) async throws -> T {
    let engine = try await LocalEngine.start(model: model, options: options, cache: cache, progress: progress)
    do {
        let result = try await body(engine)
        await engine.stop()
        return result
    } catch {
        await engine.stop()
        throw error
    }
}
