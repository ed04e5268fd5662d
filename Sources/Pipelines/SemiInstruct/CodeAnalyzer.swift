import Foundation
import InstructData

/// Python's own `ast`, in one long-lived `PythonHelperProcess` (as `PythonSyntaxChecker` uses):
/// the shape and entry point of an original or a generated function, the split of a source
/// file into top-level functions and programs, and test inputs written as JSON or Python
/// literals (read with `ast.literal_eval`, never executed). Parsing is not running: the code
/// itself only ever runs in the sandbox.
///
/// An actor, because workers ask concurrently and the process answers one line at a time.
public actor CodeAnalyzer {
    private let helper: PythonHelperProcess

    public init(python: String? = nil) throws {
        helper = try PythonHelperProcess(script: Self.script, role: "Python code analyzer", python: python)
    }

    /// One request, one reply object.
    private func ask(_ request: [String: JSONValue]) throws -> [String: JSONValue] {
        guard case .object(let reply) = try helper.ask(.object(request)) else {
            throw ToolError(.failed, "the Python code analyzer gave an unexpected reply")
        }
        return reply
    }

    /// The shape of a piece of code, or why it has none.
    public func analyze(_ code: String) throws -> Result<CodeShape, ShapeError> {
        let reply = try ask(["op": "analyze", "code": .string(code)])
        guard reply["ok"] == .bool(true) else {
            return .failure(ShapeError(description: reply["error"]?.stringValue ?? "cannot analyze"))
        }
        let kind = reply["shape"]?.stringValue == "program" ? CodeShape.Kind.program : .function
        return .success(CodeShape(
            kind: kind, entryPoint: reply["entry"]?.stringValue, parameters: reply["params"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            minArguments: reply["min_args"]?.intValue ?? 0, maxArguments: reply["max_args"]?.intValue))
    }

    /// Top-level pieces of a source file: a file that runs as a program stays whole; otherwise
    /// each function no other function calls becomes a piece, with the imports, module-level
    /// assignments and the functions it calls.
    public func split(_ source: String) throws -> [(code: String, name: String?, line: Int)] {
        let reply = try ask(["op": "split", "code": .string(source)])
        guard reply["ok"] == .bool(true) else { return [] }
        return (reply["chunks"]?.arrayValue ?? []).compactMap { chunk in
            guard let code = chunk["code"]?.stringValue else { return nil }
            return (code, chunk["name"]?.stringValue, chunk["line"]?.intValue ?? 1)
        }
    }

    /// Test inputs from the model's text: a JSON or Python list, one literal per line, or calls
    /// such as `f(1, [2])`. For a function, each input becomes an argument list that fits the
    /// signature (tagged values, with a readable call text); for a program, a stdin string.
    public func testInputs(_ text: String, for shape: CodeShape, limit: Int) throws -> Result<[TestInput], ShapeError> {
        var request: [String: JSONValue] = [
            "op": "tests", "text": .string(text), "shape": .string(shape.kind.rawValue),
            "min_args": .int(shape.minArguments), "limit": .int(limit),
            "params": .array(shape.parameters.map { .string($0) }),
        ]
        if let max = shape.maxArguments { request["max_args"] = .int(max) }
        if let entry = shape.entryPoint { request["entry"] = .string(entry) }
        let reply = try ask(request)
        guard reply["ok"] == .bool(true), let items = reply["inputs"]?.arrayValue else {
            return .failure(ShapeError(description: reply["error"]?.stringValue ?? "unreadable test inputs"))
        }
        return .success(items.compactMap { item in
            switch shape.kind {
            case .program:
                return item.stringValue.map { TestInput(arguments: nil, text: $0) }
            case .function:
                guard let arguments = item["args"], let text = item["text"]?.stringValue else { return nil }
                return TestInput(arguments: arguments, text: text)
            }
        })
    }

    /// `code` with the imports and helpers it uses but does not define taken from `original`
    /// (unchanged when it needs none).
    public func completing(_ code: String, from original: String) throws -> String {
        let reply = try ask(["op": "complete", "code": .string(code), "original": .string(original)])
        return reply["code"]?.stringValue ?? code
    }

    /// `SemiInstruct/Python/code_analyzer.py`, embedded at build time.
    static let script = String(decoding: PackageResources.code_analyzer_py, as: UTF8.self)
}

/// How an original (or a generated replacement) is run.
public struct CodeShape: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Called with arguments; its return values are compared.
        case function
        /// Fed standard input; its standard output is compared.
        case program
    }

    public var kind: Kind
    /// Functions: the function to call (the last top-level def no other def calls).
    public var entryPoint: String?
    public var parameters: [String]
    public var minArguments: Int
    /// nil: any number (`*args`).
    public var maxArguments: Int?

    public init(kind: Kind, entryPoint: String? = nil, parameters: [String] = [], minArguments: Int = 0, maxArguments: Int? = nil) {
        self.kind = kind
        self.entryPoint = entryPoint
        self.parameters = parameters
        self.minArguments = minArguments
        self.maxArguments = maxArguments
    }

    enum CodingKeys: String, CodingKey {
        case kind, parameters
        case entryPoint = "entry_point"
        case minArguments = "min_args"
        case maxArguments = "max_args"
    }
}

/// Why code has no shape the pipeline can run, or test inputs could not be read.
public struct ShapeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
}

/// One test input: a function's argument list (tagged values) with its call text, or a
/// program's standard input.
public struct TestInput: Sendable, Hashable, Codable {
    /// Functions: the argument list, tagged; nil for programs.
    public var arguments: JSONValue?
    /// Functions: the arguments as Python source ("1, [2, 3]"); programs: the stdin text.
    public var text: String

    public init(arguments: JSONValue?, text: String) {
        self.arguments = arguments
        self.text = text
    }
}
