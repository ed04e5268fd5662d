import Foundation

/// Asks one long-lived Python helper, in batches, whether texts parse as Python with the `ast`
/// module, so a corpus of 100K responses costs one interpreter start, not 100K.
public final class PythonSyntaxChecker {
    public enum Verdict: String, Sendable, Codable {
        /// Parses, and does something (at least one statement beyond a bare value).
        case code
        /// Parses, but is only bare values, e.g. `42`, `True`, `[1, 2]` or a single word.
        case trivial
        /// Does not parse.
        case invalid
    }

    private let helper: PythonHelperProcess

    public init(python: String? = nil) throws {
        helper = try PythonHelperProcess(script: Self.script, role: "Python syntax checker", python: python)
    }

    public func check(_ sources: [String]) throws -> [Verdict] {
        guard !sources.isEmpty else { return [] }
        guard case .array(let items) = try helper.ask(.array(sources.map { .string($0) })), items.count == sources.count else {
            throw ToolError(.failed, "the Python syntax checker gave an unexpected reply")
        }
        return items.map { Verdict(rawValue: $0.stringValue ?? "") ?? .invalid }
    }

    /// `Python/syntax_checker.py`, embedded at build time.
    static let script = String(decoding: PackageResources.syntax_checker_py, as: UTF8.self)
}
