/// Where a record came from: the file, the 1-based line its text starts on, and its 0-based
/// position among the file's records. Every error and every output record carries one.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var index: Int

    public init(file: String, line: Int, index: Int) {
        self.file = file
        self.line = line
        self.index = index
    }

    public var description: String { "\(file):\(line)" }
}

/// A record that cannot be used: bad JSON, wrong types, or fields that do not map.
/// Its description is the `file:line: reason` form that commands print.
public struct InvalidRecord: Error, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var reason: String
    /// The record's raw text (cut to a sane length), so a rejects file keeps what was there.
    public var text: String

    public init(location: SourceLocation, reason: String, text: String) {
        self.location = location
        self.reason = reason
        self.text = text
    }

    public var description: String { "\(location.file):\(location.line): \(reason)" }
}
