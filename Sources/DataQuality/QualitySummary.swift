import InstructData

/// The figures of a decontamination or de-duplication run, the same shape for both so scripts
/// read them alike. `read` = `kept` + all of `removed` + `invalid`.
public struct QualitySummary: Sendable, Codable, Equatable {
    public var command: String
    public var read = 0
    public var kept = 0
    /// Removed records by the method that removed them.
    public var removed: [String: Int] = [:]
    public var invalid = 0
    public var output = ""
    /// The file of removed records with their evidence.
    public var evidence = ""
    public var rejects: String?
    public var seconds = 0.0
    /// What the run was set up with (benchmarks, methods, MinHash parameters…).
    public var parameters: [String: JSONValue] = [:]

    public init(command: String) { self.command = command }

    public var removedTotal: Int { removed.values.reduce(0, +) }

    /// Fills in what every job reports the same way: counts from the input, paths, time.
    mutating func record(input: PairSource, output: String, evidence: String, started: ContinuousClock.Instant) {
        read = input.read
        invalid = input.invalid
        self.output = output
        self.evidence = evidence
        rejects = input.writtenRejectsPath
        seconds = (ContinuousClock.now - started).secondsDouble
    }
}
