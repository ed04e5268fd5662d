import Foundation

/// What a dataset holds: records per field shape, invalid records, and bytes, from one
/// streaming pass. Used by `inspect` and by the I/O benchmark.
public struct DatasetInspection: Sendable, Codable, Equatable {
    public var read = 0
    public var valid = 0
    public var invalidLines = 0
    /// Shape name (see `FieldMapping`) → records.
    public var shapes: [String: Int] = [:]
    public var bytes = 0
    /// Characters of instruction and response text over all valid records.
    public var textCharacters = 0
    public var firstInvalid: String?
    public var seconds = 0.0

    enum CodingKeys: String, CodingKey {
        case read, valid, shapes, bytes, seconds
        case invalidLines = "invalid_lines"
        case textCharacters = "text_characters"
        case firstInvalid = "first_invalid"
    }

    public init() {}

    /// Streams the file once; bad records are counted (and the first one kept), never fatal.
    public static func inspect(path: String, mapping: FieldMapping = .auto,
                               progress: (Int) -> Void = { _ in }) throws -> DatasetInspection {
        let started = ContinuousClock.now
        var result = DatasetInspection()
        var iterator = DatasetReader(path: path).makeIterator()
        while let item = try iterator.nextItem() {
            result.read += 1
            switch item {
            case .record(let record):
                do {
                    let pair = try mapping.map(record)
                    result.valid += 1
                    result.shapes[mapping.resolved(for: record.fields).description, default: 0] += 1
                    result.textCharacters += pair.instruction.utf8.count + pair.response.utf8.count
                } catch {
                    result.invalidLines += 1
                    if result.firstInvalid == nil { result.firstInvalid = error.description }
                }
            case .invalid(let error):
                result.invalidLines += 1
                if result.firstInvalid == nil { result.firstInvalid = error.description }
            }
            if result.read % 4096 == 0 { progress(iterator.bytesConsumed) }
        }
        result.bytes = iterator.bytesConsumed
        result.seconds = (ContinuousClock.now - started).secondsValue
        return result
    }
}
