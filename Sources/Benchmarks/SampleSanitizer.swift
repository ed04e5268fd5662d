import InstructData

/// Turns a model's answer into the code evalplus would evaluate, by `evalplus.sanitize`'s rules
/// (evalplus's code generation applies them to every sample): the longest run of lines that
/// parses, its imports, and the top-level definitions the entry point reaches; the model's own
/// asserts, prints and `__main__` blocks go. One long-lived Python helper, asked in batches
/// (`Python/sample_sanitizer.py`, which says the rules in full). An actor, so concurrent work
/// (the verify stage's units) can share the one helper.
public actor SampleSanitizer {
    private let helper: PythonHelperProcess

    public init(python: String? = nil) throws {
        helper = try PythonHelperProcess(script: Self.script, role: "sample sanitizer", python: python)
    }

    /// Each item's sanitized code, in order; a nil entry point keeps every definition.
    public func sanitize(_ items: [(code: String, entryPoint: String?)]) throws -> [String] {
        guard !items.isEmpty else { return [] }
        let request = JSONValue.array(items.map { .array([.string($0.code), $0.entryPoint.map { .string($0) } ?? .null]) })
        guard case .array(let answers) = try helper.ask(request), answers.count == items.count else {
            throw ToolError(.failed, "the sample sanitizer gave an unexpected reply")
        }
        return try answers.map {
            guard let code = $0.stringValue else { throw ToolError(.failed, "the sample sanitizer gave an unexpected reply") }
            return code
        }
    }

    /// `Python/sample_sanitizer.py`, embedded at build time.
    static let script = String(decoding: PackageResources.sample_sanitizer_py, as: UTF8.self)
}
