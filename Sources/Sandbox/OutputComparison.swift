import Foundation

/// Type-aware equality of two Python values, as Semi-Instruct's validation needs it: does the
/// new function behave like the original on this input?
///
/// Rules (Python's own `==` where it is right for behaviour, stricter or looser where not):
/// - ints and floats compare by value; floats within `tolerance` (absolute, plus 1e-7
///   relative), NaN equals NaN (the same behaviour, though Python says `nan != nan`), and
///   infinities equal only themselves;
/// - bools are not numbers here (`True` is not `1`: a predicate and a counter differ);
/// - lists and tuples are equal element-wise, and to each other only when
///   `tuplesEqualLists` is on (a container kind is often incidental in Python code);
/// - dicts and sets compare without order, as Python's do (sets and frozensets alike);
/// - strings and bytes exactly; other objects by type name and repr.
public struct OutputComparison: Sendable, Hashable, Codable {
    public var tolerance: Double
    public var tuplesEqualLists: Bool

    public init(tolerance: Double = 1e-6, tuplesEqualLists: Bool = true) {
        self.tolerance = tolerance
        self.tuplesEqualLists = tuplesEqualLists
    }

    /// Exact values (no tolerance, lists and tuples apart), for hashing-style identity.
    public static let exact = OutputComparison(tolerance: 0, tuplesEqualLists: false)

    public func equal(_ a: PythonValue, _ b: PythonValue) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.int, .float), (.float, .int), (.float, .float):
            guard let x = Self.number(a), let y = Self.number(b) else { return false }
            if case .int(let i) = a, case .int(let j) = b { return i == j }
            return closeEnough(x, y)
        case (.complex(let r1, let i1), .complex(let r2, let i2)):
            return closeEnough(r1, r2) && closeEnough(i1, i2)
        case (.string(let x), .string(let y)): return x == y
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.list(let x), .list(let y)), (.tuple(let x), .tuple(let y)):
            return sequencesEqual(x, y)
        case (.list(let x), .tuple(let y)), (.tuple(let x), .list(let y)):
            return tuplesEqualLists && sequencesEqual(x, y)
        case (.set(let x), .set(let y)), (.frozenset(let x), .frozenset(let y)),
             (.set(let x), .frozenset(let y)), (.frozenset(let x), .set(let y)):
            return unorderedEqual(x, y)
        case (.dict(let x), .dict(let y)):
            guard x.count == y.count else { return false }
            var unmatched = Array(y.indices)
            for (key, value) in x {
                // Keys match exactly (as a dict lookup would); values with the tolerance.
                guard let position = unmatched.firstIndex(where: { Self.exact.equal(y[$0].0, key) }),
                      equal(value, y[unmatched[position]].1) else { return false }
                unmatched.remove(at: position)
            }
            return true
        case (.opaque(let r1, let t1), .opaque(let r2, let t2)):
            return r1 == r2 && t1 == t2
        default:
            return false
        }
    }

    private func closeEnough(_ x: Double, _ y: Double) -> Bool {
        if x == y { return true }
        if x.isNaN || y.isNaN { return x.isNaN && y.isNaN }
        if x.isInfinite || y.isInfinite { return false }
        return abs(x - y) <= tolerance + 1e-7 * abs(y)
    }

    private func sequencesEqual(_ x: [PythonValue], _ y: [PythonValue]) -> Bool {
        x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
    }

    /// A matching between the two collections; sets are small in practice, so pairing by
    /// search (which honours the tolerance) is affordable.
    private func unorderedEqual(_ x: [PythonValue], _ y: [PythonValue]) -> Bool {
        guard x.count == y.count else { return false }
        var unmatched = y
        for item in x {
            guard let position = unmatched.firstIndex(where: { equal(item, $0) }) else { return false }
            unmatched.remove(at: position)
        }
        return true
    }

    static func number(_ value: PythonValue) -> Double? {
        switch value {
        case .int(let text): Double(text)
        case .float(let d): d
        default: nil
        }
    }
}

/// Equality of two programs' standard output: exact after trailing whitespace is dropped from
/// each line and blank lines from the end (a missing final newline is not behaviour), and,
/// when `numericTolerance` is set, numeric tokens equal within it (0.30000000000000004 vs 0.3).
public struct StandardOutputComparison: Sendable, Hashable, Codable {
    public var numericTolerance: Double?

    public init(numericTolerance: Double? = nil) {
        self.numericTolerance = numericTolerance
    }

    public static func normalized(_ text: String) -> String {
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in String(line.reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed()) }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    public func equal(_ a: String, _ b: String) -> Bool {
        let x = Self.normalized(a)
        let y = Self.normalized(b)
        if x == y { return true }
        guard let tolerance = numericTolerance else { return false }
        let xLines = x.split(separator: "\n", omittingEmptySubsequences: false)
        let yLines = y.split(separator: "\n", omittingEmptySubsequences: false)
        guard xLines.count == yLines.count else { return false }
        for (l1, l2) in zip(xLines, yLines) {
            let t1 = l1.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let t2 = l2.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard t1.count == t2.count else { return false }
            for (p, q) in zip(t1, t2) where p != q {
                guard let u = Double(p), let v = Double(q), u.isFinite, v.isFinite,
                      abs(u - v) <= tolerance + 1e-7 * abs(v) else { return false }
            }
        }
        return true
    }
}
