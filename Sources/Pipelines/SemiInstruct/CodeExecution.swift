import Foundation
import InstructData
import Sandbox

/// What one run of code on one test input gave.
public struct RunOutcome: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case ok
        /// The code raised (or, for a program, exited with an error).
        case exception
        case timeout
        /// The code could not be loaded, ran out of memory, or was killed.
        case error
        /// Not run: the pair had already failed on more inputs than it may.
        case skipped
    }

    public var status: Status
    /// Functions: the returned value, tagged.
    public var value: JSONValue?
    /// Functions: its repr; programs: the standard output.
    public var text: String?
    public var message: String?

    public init(status: Status, value: JSONValue? = nil, text: String? = nil, message: String? = nil) {
        self.status = status
        self.value = value
        self.text = text
        self.message = message
    }
}

/// Runs code on test inputs in the sandbox, one outcome per input. A function's inputs go in
/// one job (one fork, warm worker); when the job ends early (an input hangs or kills it), the
/// input it stopped on gets that outcome and the rest run in a new job, so one bad input costs
/// only itself. Programs run as one job per input.
public struct CodeExecution: Sendable {
    public var pool: SandboxPool
    /// Wall-clock limit per job, in seconds.
    public var timeout: Double

    public init(pool: SandboxPool, timeout: Double) {
        self.pool = pool
        self.timeout = timeout
    }

    /// - Parameter allowedFailures: stop after more inputs than this failed (the rest are
    ///   `skipped`); nil runs every input.
    public func run(_ program: String, shape: CodeShape.Kind, entryPoint: String?, inputs: [TestInput],
                    allowedFailures: Int? = nil) async -> [RunOutcome] {
        switch shape {
        case .function:
            return await runFunction(program, entryPoint: entryPoint ?? "", inputs: inputs, allowedFailures: allowedFailures)
        case .program:
            return await runProgram(program, inputs: inputs)
        }
    }

    private func runFunction(_ program: String, entryPoint: String, inputs: [TestInput], allowedFailures: Int?) async -> [RunOutcome] {
        var outcomes = [RunOutcome?](repeating: nil, count: inputs.count)
        var start = 0
        var emptyTimeouts = 0
        while start < inputs.count {
            var job = SandboxJob.functionCall(program: program, entryPoint: entryPoint,
                                              inputs: inputs[start...].map { $0.arguments ?? .array([]) })
            job.timeout = timeout
            let result = await pool.run(job)
            let outputs = result.outputs ?? []
            for (offset, output) in outputs.enumerated() where start + offset < inputs.count {
                outcomes[start + offset] = output.succeeded
                    ? RunOutcome(status: .ok, value: output.value, text: output.repr)
                    : RunOutcome(status: output.status == "memory" ? .error : .exception,
                                 message: [output.exception, output.message].compactMap { $0 }.joined(separator: ": "))
            }
            if result.status == .passed, outputs.count >= inputs.count - start { break }
            let message = Self.message(result)
            if outputs.isEmpty, result.status != .timeout, result.status != .killed {
                // The program did not load (or the entry point is missing): every input fails alike.
                for index in start..<inputs.count { outcomes[index] = RunOutcome(status: .error, message: message) }
                break
            }
            let culprit = start + outputs.count
            guard culprit < inputs.count else { break }
            outcomes[culprit] = RunOutcome(status: result.status == .timeout ? .timeout : .error, message: message)
            start = culprit + 1
            // Two jobs in a row that hang before any output: the code hangs as it loads.
            emptyTimeouts = outputs.isEmpty ? emptyTimeouts + 1 : 0
            let failures = outcomes.compactMap { $0 }.filter { $0.status != .ok }.count
            if emptyTimeouts >= 2 || (allowedFailures.map { failures > $0 } ?? false) {
                for index in start..<inputs.count {
                    outcomes[index] = emptyTimeouts >= 2 ? RunOutcome(status: .timeout, message: message)
                        : RunOutcome(status: .skipped, message: "not run: too many inputs failed already")
                }
                break
            }
        }
        return outcomes.map { $0 ?? RunOutcome(status: .error, message: "no output") }
    }

    private func runProgram(_ program: String, inputs: [TestInput]) async -> [RunOutcome] {
        await withTaskGroup(of: (Int, RunOutcome).self) { group in
            for (index, input) in inputs.enumerated() {
                group.addTask {
                    var job = SandboxJob.standardIO(program: program, input: input.text)
                    job.timeout = timeout
                    let result = await pool.run(job)
                    switch result.status {
                    case .passed: return (index, RunOutcome(status: .ok, text: result.output ?? result.stdout))
                    case .timeout: return (index, RunOutcome(status: .timeout, message: Self.message(result)))
                    case .failed, .error: return (index, RunOutcome(status: .exception, message: Self.message(result)))
                    case .memory, .killed: return (index, RunOutcome(status: .error, message: Self.message(result)))
                    }
                }
            }
            var outcomes = [RunOutcome](repeating: RunOutcome(status: .error), count: inputs.count)
            for await (index, outcome) in group { outcomes[index] = outcome }
            return outcomes
        }
    }

    static func message(_ result: JobResult) -> String {
        let parts = [result.exception, result.message].compactMap { $0 }.filter { !$0.isEmpty }
        if !parts.isEmpty { return parts.joined(separator: ": ") }
        return result.status.rawValue
    }
}
