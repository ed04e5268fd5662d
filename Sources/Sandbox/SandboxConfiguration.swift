import Foundation

/// How a pool runs its jobs.
public struct SandboxConfiguration: Sendable {
    /// How many workers run jobs at once.
    public var workers: Int
    public var isolation: Isolation
    /// The interpreter (path or name on PATH); nil means INVERSE_INSTRUCT_PYTHON or `python3`.
    public var python: String?
    /// Default wall-clock limit per job, in seconds.
    public var timeout: Double
    /// Default limits per job.
    public var limits: ResourceLimits
    /// Extra time the pool gives a worker to answer before it counts the worker as hung.
    public var workerGrace: Double
    /// More folders the sandbox shows read-only at the same path (toolchains outside /usr,
    /// such as /opt/swift); folders that do not exist are left out.
    public var readOnlyPaths: [String] = []

    public init(workers: Int = ProcessInfo.processInfo.activeProcessorCount, isolation: Isolation = .bubblewrap,
                python: String? = nil, timeout: Double = 3, limits: ResourceLimits = .standard,
                workerGrace: Double = 10) {
        self.workers = max(1, workers)
        self.isolation = isolation
        self.python = python
        self.timeout = timeout
        self.limits = limits
        self.workerGrace = workerGrace
    }
}
