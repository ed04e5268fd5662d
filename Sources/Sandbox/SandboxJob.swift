import InstructData

/// One piece of untrusted code to run, in one of four shapes.
public struct SandboxJob: Sendable, Hashable {
    public enum Shape: String, Sendable, Codable {
        /// A program, then tests; passes when the tests (and the check call, if named) return.
        case assertion = "assert"
        /// A program defining a function, called on each input; the outputs come back serialized.
        case functionCall = "call"
        /// A program reading standard input and writing standard output.
        case standardIO = "stdio"
        /// Files, then commands run in order (`SandboxCommand`); passes when each exits 0.
        case commands
        /// A program run by a harness (trusted Python the caller sends, e.g. evalplus's checker):
        /// the harness's `main(job, report)` runs it with `payload` and reports the verdict.
        case harness
    }

    public var shape: Shape
    public var program: String
    /// Assertion tests: HumanEval's `def check(candidate)` or MBPP's top-level asserts.
    public var tests: String?
    /// The function in `tests` the harness calls with the entry point (HumanEval: "check").
    public var checkFunction: String?
    public var entryPoint: String?
    /// Function calls: one argument list per input, as plain JSON or tagged values.
    public var inputs: [JSONValue]?
    /// Function calls: the expected outputs, as tagged values (from a reference run) or plain JSON.
    public var expected: [JSONValue]?
    /// Absolute tolerance for float outputs (evalplus `atol`); 0 means exact, 1e-6 for floats.
    public var tolerance: Double?
    /// Harness jobs: the harness's source, and what it reads (`job["payload"]`).
    public var harness: String?
    public var payload: JSONValue?
    public var standardInput: String?
    /// When set, a standard-I/O job passes only if its output matches, whitespace-insensitively.
    public var expectedStandardOutput: String?
    /// Commands jobs: files to write into the job directory, and the steps to run.
    public var files: [String: String]?
    public var commands: [SandboxCommand]?
    /// Wall-clock limit in seconds; nil takes the pool's.
    public var timeout: Double?
    /// Nil takes the pool's.
    public var limits: ResourceLimits?

    public init(shape: Shape, program: String) {
        self.shape = shape
        self.program = program
    }

    /// HumanEval style when `checkFunction` is given (tests define it, the harness calls it
    /// with the entry point), MBPP style when not (tests are top-level statements).
    public static func assertion(program: String, tests: String, checkFunction: String? = nil,
                                 entryPoint: String? = nil) -> SandboxJob {
        var job = SandboxJob(shape: .assertion, program: program)
        job.tests = tests
        job.checkFunction = checkFunction
        job.entryPoint = entryPoint
        return job
    }

    public static func functionCall(program: String, entryPoint: String, inputs: [JSONValue],
                                    expected: [JSONValue]? = nil, tolerance: Double? = nil) -> SandboxJob {
        var job = SandboxJob(shape: .functionCall, program: program)
        job.entryPoint = entryPoint
        job.inputs = inputs
        job.expected = expected
        job.tolerance = tolerance
        return job
    }

    public static func harness(_ source: String, program: String, payload: JSONValue) -> SandboxJob {
        var job = SandboxJob(shape: .harness, program: program)
        job.harness = source
        job.payload = payload
        return job
    }

    public static func standardIO(program: String, input: String, expectedOutput: String? = nil) -> SandboxJob {
        var job = SandboxJob(shape: .standardIO, program: program)
        job.standardInput = input
        job.expectedStandardOutput = expectedOutput
        return job
    }
}

/// Per-job resource limits, applied with setrlimit in the job's process.
public struct ResourceLimits: Sendable, Hashable, Codable {
    /// CPU seconds; nil means the wall-clock timeout rounded up, plus one.
    public var cpuSeconds: Int?
    /// Address space in bytes.
    public var memoryBytes: Int
    /// Largest file the job may write; also the cap on captured stdout and stderr.
    public var fileSizeBytes: Int
    public var processes: Int
    public var openFiles: Int

    public init(cpuSeconds: Int? = nil, memoryBytes: Int = 2 << 30, fileSizeBytes: Int = 1 << 20,
                processes: Int = 32, openFiles: Int = 256) {
        self.cpuSeconds = cpuSeconds
        self.memoryBytes = memoryBytes
        self.fileSizeBytes = fileSizeBytes
        self.processes = processes
        self.openFiles = openFiles
    }

    public static let standard = ResourceLimits()
}
