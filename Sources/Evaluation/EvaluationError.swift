import Foundation
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

/// Every record of an evaluation input file (problems, samples), strictly: the first bad record
/// or read error stops with an `EvaluationError` that names the file and line.
enum EvaluationInput {
    static func forEachRecord(path: String, kind: String, _ body: (RawRecord) throws -> Void) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw EvaluationError("\(path): no such \(kind) file") }
        let source = PairSource(path: path)
        while true {
            let record: RawRecord?
            do {
                record = try source.nextRecord()
            } catch let invalid as InvalidRecord {
                throw EvaluationError(invalid.description)
            } catch {
                throw EvaluationError("\(path): \(error)")
            }
            guard let record else { return }
            try body(record)
        }
    }
}
