import InstructData

/// One piece of natural code: an original that Semi-Instruct turns into an instruction and a
/// well-formed function, if execution shows the two behave alike.
public struct NaturalCode: Sendable, Hashable, Codable {
    /// `ContentHash.id` of the normalized code: the same code is the same original.
    public var id: String
    public var code: String
    /// Where it came from: file, line, record index, and the record's own id or the function's name.
    public var origin: Origin
    /// How it runs; nil when it cannot be run (`unsupported` says why).
    public var shape: CodeShape?
    public var unsupported: String?

    public struct Origin: Sendable, Hashable, Codable {
        public var file: String
        public var line: Int
        public var index: Int
        /// The record's `id`/`task_id`/`name`, or the function's name for source files.
        public var name: String?

        public init(file: String, line: Int, index: Int, name: String? = nil) {
            self.file = file
            self.line = line
            self.index = index
            self.name = name
        }

        public var json: JSONValue {
            var object: [String: JSONValue] = ["file": .string(file), "line": .int(line), "index": .int(index)]
            if let name { object["name"] = .string(name) }
            return .object(object)
        }
    }

    public init(code: String, origin: Origin, shape: CodeShape? = nil, unsupported: String? = nil) {
        self.id = ContentHash.id(SnippetNormalizer.normalize(code))
        self.code = code
        self.origin = origin
        self.shape = shape
        self.unsupported = unsupported
    }
}
