import InstructData

/// One text of a record that a quality check looks at, with the name it is reported under.
public struct RecordText: Sendable, Hashable {
    public var field: String
    public var text: String

    public init(field: String, text: String) {
        self.field = field
        self.text = text
    }
}

/// Which texts of a record are checked: the instruction and response found by a field mapping
/// (the default, so any dataset shape works), or named fields of the raw record.
public enum TextSelector: Sendable, Hashable {
    case pair(FieldMapping)
    case fields([String])

    /// Parses `--on`: comma-separated field names; nil or empty means the instruction/response pair.
    public init(fieldList: String?, mapping: FieldMapping) {
        let names = (fieldList ?? "").split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        self = names.isEmpty ? .pair(mapping) : .fields(names)
    }

    /// The texts of one record; a record that lacks them is an `InvalidRecord` naming file and line.
    public func texts(of record: RawRecord) throws(InvalidRecord) -> [RecordText] {
        switch self {
        case .pair(let mapping):
            let pair = try mapping.map(record)
            return [RecordText(field: "instruction", text: pair.instruction),
                    RecordText(field: "response", text: pair.response)]
        case .fields(let names):
            var texts: [RecordText] = []
            texts.reserveCapacity(names.count)
            for name in names {
                guard let value = record.fields[name] else {
                    throw InvalidRecord(location: record.location, reason: "missing field '\(name)'",
                                        text: record.fields.keys.sorted().joined(separator: ", "))
                }
                switch value {
                case .string(let text): texts.append(RecordText(field: name, text: text))
                case .null: texts.append(RecordText(field: name, text: ""))
                default: texts.append(RecordText(field: name, text: value.serialized()))
                }
            }
            return texts
        }
    }

    /// All selected texts as one, for whole-record comparisons (de-duplication).
    public func joinedText(of record: RawRecord) throws(InvalidRecord) -> String {
        try texts(of: record).map(\.text).joined(separator: "\n")
    }
}
