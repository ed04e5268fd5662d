/// An instruction and its response, as every pipeline sees them, whatever the file called them.
public struct InstructionPair: Sendable, Hashable {
    public var instruction: String
    public var response: String
    /// Every field of the input record the mapping did not consume, kept verbatim.
    public var extra: [String: JSONValue]
    public var location: SourceLocation

    public init(instruction: String, response: String, extra: [String: JSONValue] = [:], location: SourceLocation) {
        self.instruction = instruction
        self.response = response
        self.extra = extra
        self.location = location
    }
}

/// How a record's fields become an `InstructionPair`.
public enum FieldMapping: Sendable, Hashable, CustomStringConvertible {
    /// Pick per record from the shapes below, in the order they are listed.
    case auto
    /// `messages`: the first user turn is the instruction, the next assistant turn the response.
    case messages
    /// `instruction` + optional `input` + `output` (Alpaca, Code Alpaca).
    case alpaca
    /// `instruction` + `response`.
    case instructionResponse
    /// `problem` + `solution`.
    case problemSolution
    /// Named fields, for anything else.
    case custom(instruction: String, response: String)

    public var description: String {
        switch self {
        case .auto: "auto"
        case .messages: "messages"
        case .alpaca: "alpaca"
        case .instructionResponse: "instruction-response"
        case .problemSolution: "problem-solution"
        case .custom(let instruction, let response): "\(instruction)=\(response)"
        }
    }

    /// Parses a `--fields` value: a shape name, or `INSTRUCTION_FIELD=RESPONSE_FIELD`.
    public init?(argument: String) {
        switch argument {
        case "auto": self = .auto
        case "messages", "chat": self = .messages
        case "alpaca": self = .alpaca
        case "instruction-response", "instruction/response": self = .instructionResponse
        case "problem-solution", "problem/solution": self = .problemSolution
        default:
            let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
            self = .custom(instruction: parts[0], response: parts[1])
        }
    }

    public static let argumentHelp =
        "auto, messages, alpaca, instruction-response, problem-solution, or INSTRUCTION_FIELD=RESPONSE_FIELD"

    /// Maps one record; a record that does not fit is an `InvalidRecord` naming file and line.
    public func map(_ record: RawRecord) throws(InvalidRecord) -> InstructionPair {
        let fields = record.fields
        func fail(_ reason: String) -> InvalidRecord {
            InvalidRecord(location: record.location, reason: reason, text: Self.keysSummary(fields))
        }
        func string(_ key: String, optional: Bool = false) throws(InvalidRecord) -> String? {
            guard let value = fields[key] else {
                if optional { return nil }
                throw fail("missing field '\(key)'")
            }
            if optional, value == .null { return nil }
            guard let text = value.stringValue else {
                throw fail("field '\(key)' is \(value.typeName), expected a string")
            }
            return text
        }
        func pair(_ instruction: String, _ response: String, consumed: Set<String>) -> InstructionPair {
            InstructionPair(
                instruction: instruction, response: response,
                extra: fields.filter { !consumed.contains($0.key) }, location: record.location)
        }

        switch resolved(for: fields) {
        case .messages:
            guard let value = fields["messages"] else { throw fail("missing field 'messages'") }
            guard let turns = value.arrayValue else { throw fail("field 'messages' is \(value.typeName), expected an array") }
            var instruction: String?
            for (position, turn) in turns.enumerated() {
                guard let role = turn["role"]?.stringValue, let content = turn["content"]?.stringValue else {
                    throw fail("messages[\(position)] needs string 'role' and 'content'")
                }
                if instruction == nil, role == "user" {
                    instruction = content
                } else if let instruction, role == "assistant" {
                    return pair(instruction, content, consumed: ["messages"])
                }
            }
            throw fail(instruction == nil ? "messages has no user turn" : "messages has no assistant turn after the first user turn")
        case .alpaca:
            guard let instruction = try string("instruction"), let output = try string("output") else {
                throw fail("missing fields")
            }
            let input = try string("input", optional: true) ?? ""
            let full = input.trimmingWhitespace().isEmpty ? instruction : instruction + "\n\n" + input
            return pair(full, output, consumed: ["instruction", "input", "output"])
        case .instructionResponse:
            guard let instruction = try string("instruction"), let response = try string("response") else {
                throw fail("missing fields")
            }
            return pair(instruction, response, consumed: ["instruction", "response"])
        case .problemSolution:
            guard let problem = try string("problem"), let solution = try string("solution") else {
                throw fail("missing fields")
            }
            return pair(problem, solution, consumed: ["problem", "solution"])
        case .custom(let instructionKey, let responseKey):
            guard let instruction = try string(instructionKey), let response = try string(responseKey) else {
                throw fail("missing fields")
            }
            return pair(instruction, response, consumed: [instructionKey, responseKey])
        case .auto:
            throw fail("cannot tell which fields hold the instruction and the response (found: \(Self.keysSummary(fields))); "
                + "name them with --fields \(Self.argumentHelp)")
        }
    }

    /// The concrete shape for one record (itself, unless `.auto`).
    public func resolved(for fields: [String: JSONValue]) -> FieldMapping {
        guard self == .auto else { return self }
        if fields["messages"] != nil { return .messages }
        if fields["instruction"] != nil, fields["output"] != nil { return .alpaca }
        if fields["instruction"] != nil, fields["response"] != nil { return .instructionResponse }
        if fields["problem"] != nil, fields["solution"] != nil { return .problemSolution }
        return .auto
    }

    static func keysSummary(_ fields: [String: JSONValue]) -> String {
        fields.keys.sorted().joined(separator: ", ")
    }
}

extension StringProtocol {
    /// The string without leading and trailing spaces, tabs and newlines.
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) ?? first
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
