import Benchmarks
import Foundation
import InstructData
import ModelClient
import RunStore

/// The sandbox side of the verify stage: Semi-Instruct's analyzer and its validator over the
/// sandbox pool, and the evaluation's sample sanitizer, shared by every verify unit of a run.
public struct VerifyTools: Sendable {
    public var analyzer: CodeAnalyzer
    public var execution: CodeExecution
    public var sanitizer: SampleSanitizer

    public init(analyzer: CodeAnalyzer, execution: CodeExecution, sanitizer: SampleSanitizer) {
        self.analyzer = analyzer
        self.execution = execution
        self.sanitizer = sanitizer
    }
}

/// Verifies one instruction of one snippet by a round trip: the model writes code from the
/// instruction alone (greedy, the MBPP evaluation layout), the test inputs come from the
/// snippet's original pair when it has asserts and from the model otherwise (Semi-Instruct's
/// tests section, greedy), and Semi-Instruct's validator runs the snippet and the new code on
/// them and compares.
struct VerifyWorker: Sendable {
    var model: any LanguageModel
    var mode: PromptMode
    var tools: VerifyTools
    /// New tokens for the solution and for the test inputs.
    var maxTokens = 768

    /// Fields of an input record that hold the original pair's tests (MBPP: `test_list`).
    static let testFields = ["test_list", "tests", "test"]

    /// The asserts of the snippet's original pair, one a line; nil when it has none.
    static func originalTests(of snippet: Snippet) -> String? {
        for field in testFields {
            switch snippet.extra[field] {
            case .array(let items)?:
                let lines = items.compactMap(\.stringValue).filter { $0.contains("assert") }
                if !lines.isEmpty { return lines.joined(separator: "\n") }
            case .string(let text)? where text.contains("assert"):
                return text
            default:
                continue
            }
        }
        return nil
    }

    /// The task as the evaluation shows an MBPP problem: the instruction, and the call form the
    /// code is run with (a name and its parameters, which the instruction need not fix).
    static func task(instruction: String, shape: CodeShape, snippetID: String) -> BenchmarkProblem {
        let form: String
        switch shape.kind {
        case .function:
            form = "Write it as a Python function `\(shape.entryPoint ?? "f")(\(shape.parameters.joined(separator: ", ")))`."
        case .program:
            form = "Write it as a Python program that reads standard input and prints the answer."
        }
        return BenchmarkProblem(kind: .mbpp, taskID: snippetID, prompt: instruction.trimmingWhitespace() + "\n" + form,
                                entryPoint: shape.entryPoint, tests: "", checkFunction: nil, referenceSolution: "")
    }

    /// Greedy; a pre-filled response stops where its fence or section ends.
    func sampling(stop: [String]) -> SamplingParameters {
        var stops: [String] = []
        if case .template(let template) = mode { stops = stop + template.stop }
        return SamplingParameters(n: 1, temperature: 0, maxTokens: maxTokens, stop: stops, repetitionPenalty: 1).withExplicitDefaults()
    }

    /// One greedy request: the reply text (after any pre-filled start) and its cost.
    func ask(_ instruction: String, responsePrefix: String, stop: [String]) async throws -> (String, CompletionResult) {
        let result: CompletionResult
        switch mode {
        case .template(let template):
            result = try await model.complete(CompletionRequest(
                prompt: template.render(instruction: instruction, responsePrefix: responsePrefix), sampling: sampling(stop: stop)))
        case .chat:
            result = try await model.chat(ChatRequest(messages: [.user(instruction)], sampling: sampling(stop: [])))
        }
        return (result.choices.first?.text ?? "", result)
    }

    /// The code to check, as the evaluation checks a sample (evalplus's sanitize rules): for a
    /// function, the model's own asserts, prints, top-level calls and `__main__` block go, since
    /// they run on import and one wrong assert of the model's would fail code whose function is
    /// right. Kept: what the function it was asked for reaches, or every definition when the
    /// reply names its function otherwise. A program is its top-level code, so it stays as
    /// written; so does a reply with nothing that parses, so the verdict names the parse error.
    func solution(in code: String, shape: CodeShape) async throws -> String {
        guard shape.kind == .function else { return code }
        if let name = shape.entryPoint,
           let asked = try await tools.sanitizer.sanitize([(code: code, entryPoint: name)]).first, asked.contains("def \(name)(") {
            return asked
        }
        let every = try await tools.sanitizer.sanitize([(code: code, entryPoint: nil)]).first ?? ""
        return every.trimmingWhitespace().isEmpty ? code : every
    }

    func run(_ payload: VerifyPayload, snippet: Snippet) async throws -> UnitOutcome {
        var tokens = TokenCounts()
        var endpoint: String?
        func finish(_ verification: Verification) throws -> UnitOutcome {
            .done(result: String(decoding: try JSONEncoder.sorted.encode(verification), as: UTF8.self), tokens: tokens, endpoint: endpoint)
        }
        func count(_ result: CompletionResult) {
            tokens = tokens + TokenCounts(promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens)
            endpoint = endpoint ?? result.endpoint
        }
        guard snippet.language == "python" else {
            return try finish(Verification(verdict: .notCheckable, reason: "not Python", detail: "the snippet is \(snippet.language)"))
        }
        let shape: CodeShape
        switch try await tools.analyzer.analyze(snippet.code) {
        case .success(let value): shape = value
        case .failure(let error):
            return try finish(Verification(verdict: .notCheckable, reason: "uncallable snippet", detail: error.description))
        }
        let original = NaturalCode(code: snippet.code, origin: .init(file: snippet.source.file, line: snippet.source.line,
                                                                     index: snippet.source.index), shape: shape)

        // Test inputs: the original pair's asserts, an earlier candidate's, or the model's.
        let tests: String
        let testsFrom: String
        var modelTests: String?
        var rules = ValidationRules()
        if let asserts = Self.originalTests(of: snippet) {
            tests = asserts
            testsFrom = "original pair"
            // Each of the pair's own tests counts: MBPP has three.
            rules.minTests = 1
        } else if let carried = payload.modelTests {
            tests = carried
            testsFrom = "model"
        } else {
            let (text, result) = try await ask(SemiInstructPrompts.testInputs(code: snippet.code, shape: shape),
                                               responsePrefix: SemiInstructPrompts.testsResponseStart, stop: ["\n###"])
            count(result)
            tests = SemiInstructPrompts.tests(fromReply: text)
            testsFrom = "model"
            if tests.trimmingWhitespace().isEmpty {
                var verification = Verification(verdict: .notCheckable, reason: PairValidator.Reason.unreadableTests,
                                                detail: "the model wrote no test inputs")
                verification.testsFrom = testsFrom
                verification.reply = text
                return try finish(verification)
            }
        }
        if testsFrom == "model" { modelTests = tests }

        // The round trip: code from the instruction alone.
        let task = Self.task(instruction: payload.instruction, shape: shape, snippetID: snippet.id)
        let (reply, result) = try await ask(BenchmarkPrompt.instruction(for: task),
                                            responsePrefix: BenchmarkPrompt.responsePrefix(for: task), stop: [BenchmarkPrompt.stop])
        count(result)
        let code = try await solution(in: mode == .chat ? BenchmarkPrompt.code(fromChatReply: reply) : BenchmarkPrompt.code(fromContinuation: reply),
                                      shape: shape)

        let validator = PairValidator(execution: tools.execution, analyzer: tools.analyzer, rules: rules)
        let pair = try await validator.check(original: original, sample: payload.index ?? -1, instruction: payload.instruction,
                                             code: code, tests: tests)
        var verification = Verification(pair)
        verification.testsFrom = testsFrom
        verification.modelTests = modelTests
        if pair.outcome == .parseFailure {
            // The reply that gave no usable code, or the tests that could not be read.
            verification.reply = pair.reason == PairValidator.Reason.unreadableTests ? tests : reply
        }
        return try finish(verification)
    }
}
