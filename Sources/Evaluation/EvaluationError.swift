import InstructData

/// Problems with the inputs of an evaluation; each names the file (and line) at fault.
public struct EvaluationError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public init(_ location: SourceLocation, _ reason: String) {
        self.message = "\(location): \(reason)"
    }

    public var description: String { message }
}
