import Foundation
import InstructData

/// Samples that do not fit their problems, or a reference solution that does not run; each
/// names the task (and the sample's file and line).
public struct EvaluationError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public init(_ location: SourceLocation, _ reason: String) {
        self.message = "\(location): \(reason)"
    }

    public var description: String { message }
}
