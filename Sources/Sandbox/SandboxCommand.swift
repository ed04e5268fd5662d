/// One step of a `commands` job (a program in a language other than Python): an executable
/// and its arguments, run in the job directory under its own limits. Compilers get more time
/// and memory than the programs they build, so each step has its own.
public struct SandboxCommand: Sendable, Hashable {
    /// "compile" or "run": names the step in the result's `stage`.
    public var stage: String
    /// An absolute path to the executable, then its arguments.
    public var arguments: [String]
    /// Wall-clock limit in seconds.
    public var timeout: Double
    /// Nil takes the job's (or the pool's) limits.
    public var limits: ResourceLimits?
    /// Set on top of PATH, HOME (the job directory), TMPDIR and LANG.
    public var environment: [String: String]
    /// Texts that make a step with exit status 0 fail when its output contains them
    /// (MultiPL-E's PHP rule: "PHP Parse error").
    public var failingOutput: [String]

    public init(stage: String, arguments: [String], timeout: Double, limits: ResourceLimits? = nil,
                environment: [String: String] = [:], failingOutput: [String] = []) {
        self.stage = stage
        self.arguments = arguments
        self.timeout = timeout
        self.limits = limits
        self.environment = environment
        self.failingOutput = failingOutput
    }
}

extension SandboxJob {
    /// A compiled or interpreted program: `files` (name → text) are written into the job
    /// directory, then each command runs in order; the job passes when every one exits 0.
    public static func commands(files: [String: String], commands: [SandboxCommand]) -> SandboxJob {
        var job = SandboxJob(shape: .commands, program: "")
        job.files = files
        job.commands = commands
        job.timeout = commands.reduce(0) { $0 + $1.timeout }
        return job
    }
}
