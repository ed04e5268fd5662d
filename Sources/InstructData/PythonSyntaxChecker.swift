import Foundation

/// Asks one long-lived `python3` process, in batches, whether texts parse as Python with the
/// `ast` module, so a corpus of 100K responses costs one interpreter start, not 100K.
public final class PythonSyntaxChecker {
    public enum Verdict: String, Sendable, Codable {
        /// Parses, and does something (at least one statement beyond a bare value).
        case code
        /// Parses, but is only bare values, e.g. `42`, `True`, `[1, 2]` or a single word.
        case trivial
        /// Does not parse.
        case invalid
    }

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var pending = Data()

    public init(python: String = "python3") throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-I", "-c", Self.script]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw DatasetIOError("cannot start \(python) for Python syntax checks: \(error)")
        }
    }

    deinit {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    public func check(_ sources: [String]) throws -> [Verdict] {
        guard !sources.isEmpty else { return [] }
        let request = JSONValue.array(sources.map { .string($0) }).serialized() + "\n"
        do {
            try input.fileHandleForWriting.write(contentsOf: Data(request.utf8))
        } catch {
            throw DatasetIOError("the Python syntax checker stopped: \(error)")
        }
        let line = try readLine()
        guard case .array(let items) = try JSONParser.parse(ArraySlice(line)), items.count == sources.count else {
            throw DatasetIOError("the Python syntax checker gave an unexpected reply")
        }
        return items.map { Verdict(rawValue: $0.stringValue ?? "") ?? .invalid }
    }

    private func readLine() throws -> [UInt8] {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = [UInt8](pending[pending.startIndex..<newline])
                pending = Data(pending[(newline + 1)...])
                return line
            }
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw DatasetIOError("the Python syntax checker exited unexpectedly") }
            pending.append(chunk)
        }
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
