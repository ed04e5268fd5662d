import InstructData

/// A Python value as the sandbox reports it: the worker's tagged encoding ({"i": "3"},
/// {"t": [...]}, {"d": [[k, v], ...]}, ...) read back into a Swift value, so outputs can be
/// compared here, with the comparison's options, instead of inside the job.
public indirect enum PythonValue: Sendable, Hashable {
    case none
    case bool(Bool)
    /// Python ints are unbounded; the decimal text keeps big ones exact.
    case int(String)
    case float(Double)
    case string(String)
    case bytes(String)
    case complex(Double, Double)
    case list([PythonValue])
    case tuple([PythonValue])
    case dict([(PythonValue, PythonValue)])
    case set([PythonValue])
    case frozenset([PythonValue])
    /// Anything else: its repr and type name.
    case opaque(repr: String, type: String)

    /// Reads a tagged value; plain JSON (as given for inputs) stands for itself.
    public init(tagged value: JSONValue) {
        switch value {
        case .null: self = .none
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(String(i))
        case .double(let d): self = .float(d)
        case .string(let s): self = .string(s)
        case .array(let items): self = .list(items.map(PythonValue.init(tagged:)))
        case .object(let object):
            self = Self.decodeTagged(object)
        }
    }

    private static func decodeTagged(_ object: [String: JSONValue]) -> PythonValue {
        if object["n"] != nil { return .none }
        if case .bool(let b)? = object["b"] { return .bool(b) }
        if let text = object["i"]?.stringValue { return .int(text) }
        if let text = object["f"]?.stringValue { return .float(parseFloat(text)) }
        if let text = object["s"]?.stringValue { return .string(text) }
        if let items = object["l"]?.arrayValue { return .list(items.map(PythonValue.init(tagged:))) }
        if let items = object["t"]?.arrayValue { return .tuple(items.map(PythonValue.init(tagged:))) }
        if let pairs = object["d"]?.arrayValue {
            return .dict(pairs.compactMap { pair in
                guard let kv = pair.arrayValue, kv.count == 2 else { return nil }
                return (PythonValue(tagged: kv[0]), PythonValue(tagged: kv[1]))
            })
        }
        if let items = object["set"]?.arrayValue { return .set(items.map(PythonValue.init(tagged:))) }
        if let items = object["fs"]?.arrayValue { return .frozenset(items.map(PythonValue.init(tagged:))) }
        if let parts = object["c"]?.arrayValue, parts.count == 2 {
            return .complex(parseFloat(parts[0].stringValue ?? "nan"), parseFloat(parts[1].stringValue ?? "nan"))
        }
        if let hex = object["y"]?.stringValue { return .bytes(hex) }
        return .opaque(repr: object["r"]?.stringValue ?? "", type: object["type"]?.stringValue ?? "")
    }

    /// Python's float repr: digits, "inf", "-inf", "nan".
    static func parseFloat(_ text: String) -> Double {
        switch text {
        case "inf": .infinity
        case "-inf": -.infinity
        case "nan", "-nan": .nan
        default: Double(text) ?? .nan
        }
    }

    public static func == (a: PythonValue, b: PythonValue) -> Bool {
        OutputComparison.exact.equal(a, b)
    }

    public func hash(into hasher: inout Hasher) {
        // Coarse on purpose: equal values (1 and 1.0, a list and a tuple under a loose rule)
        // must hash alike, so only the kind of container and the size go in.
        switch self {
        case .list(let items), .tuple(let items), .set(let items), .frozenset(let items): hasher.combine(items.count)
        case .dict(let pairs): hasher.combine(pairs.count)
        case .string(let s): hasher.combine(s)
        default: hasher.combine(0)
        }
    }
}
