import Foundation
import InstructData

/// Every record of a benchmark input file (problems, samples), strictly: the first bad record
/// or read error stops with a `ToolError` that names the file and line.
enum BenchmarkInput {
    static func forEachRecord(path: String, kind: String, _ body: (RawRecord) throws -> Void) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw ToolError(.invalidInput, "\(path): no such \(kind) file") }
        let source = PairSource(path: path)
        while true {
            let record: RawRecord?
            do {
                record = try source.nextRecord()
            } catch let invalid as InvalidRecord {
                throw ToolError(.invalidInput, invalid.description)
            } catch {
                throw ToolError(.invalidInput, "\(path): \(error)")
            }
            guard let record else { return }
            try body(record)
        }
    }
}
