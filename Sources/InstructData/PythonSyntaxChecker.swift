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

    static let script = #"""
import ast, json, sys, warnings
warnings.simplefilter("ignore")

def trivial(node):
    # An expression statement with no call inside is a bare value, not a program.
    return isinstance(node, ast.Expr) and not any(
        isinstance(n, (ast.Call, ast.Lambda, ast.Await, ast.Yield, ast.YieldFrom, ast.NamedExpr))
        for n in ast.walk(node))

def classify(source):
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError, OverflowError):
        return "invalid"
    if not tree.body or all(trivial(n) for n in tree.body):
        return "trivial"
    return "code"

for line in sys.stdin:
    print(json.dumps([classify(s) for s in json.loads(line)]), flush=True)
"""#
}
