import InstructData

/// What happened to one job.
public struct JobResult: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// The tests ran to the end (or every call returned / the output matched).
        case passed
        /// A test failed, or the code raised while being tested, or the output was wrong.
        case failed
        /// The wall-clock or CPU limit was reached.
        case timeout
        /// The program could not be loaded or ended before the tests finished.
        case error
        /// The memory limit was reached.
        case memory
        /// The job's process, or its worker, died from a signal.
        case killed
    }

    public var status: Status
    /// Where it stopped: setup, program, tests, check, done.
    public var stage: String?
    public var exception: String?
    public var message: String?
    /// The last bytes of what the job printed.
    public var stdout: String
    public var stderr: String
    public var stdoutBytes: Int
    public var stderrBytes: Int
    /// Seconds from fork to the job's end, as the worker measured it.
    public var duration: Double
    /// Standard-I/O jobs: everything written to stdout (up to the file-size cap).
    public var output: String?
    /// Function-call jobs: one entry per input that ran.
    public var outputs: [CallOutput]?
    /// Harness jobs: what the harness's final report carried back.
    public var data: JSONValue?

    public init(status: Status, stage: String? = nil, exception: String? = nil, message: String? = nil,
                stdout: String = "", stderr: String = "", stdoutBytes: Int = 0, stderrBytes: Int = 0,
                duration: Double = 0, output: String? = nil, outputs: [CallOutput]? = nil) {
        self.status = status
        self.stage = stage
        self.exception = exception
        self.message = message
        self.stdout = stdout
        self.stderr = stderr
        self.stdoutBytes = stdoutBytes
        self.stderrBytes = stderrBytes
        self.duration = duration
        self.output = output
        self.outputs = outputs
    }

    public var passed: Bool { status == .passed }

    enum CodingKeys: String, CodingKey {
        case status, stage, exception, message, stdout, stderr, duration, output, outputs, data
        case stdoutBytes = "stdout_bytes"
        case stderrBytes = "stderr_bytes"
    }
}

/// The result of calling the entry point on one input.
public struct CallOutput: Sendable, Hashable, Codable {
    /// "ok", "exception" or "memory".
    public var status: String
    /// The returned value, tagged so that Python types survive ({"i": "3"}, {"t": [...]}, ...).
    public var value: JSONValue?
    /// Python's repr of the returned value (cut to 4,000 characters).
    public var repr: String?
    public var exception: String?
    public var message: String?
    /// When expected outputs were given: whether this one matched.
    public var match: Bool?

    public var succeeded: Bool { status == "ok" }
}
