import Foundation

/// The closing report of a command: aligned `key: value` lines for people, or exactly one JSON
/// object on stdout for machines (`--json`).
public struct Summary: Sendable {
    public var title: String
    public private(set) var lines: [(String, String)] = []

    public init(title: String) { self.title = title }

    public mutating func add(_ key: String, _ value: CustomStringConvertible) {
        lines.append((key, value.description))
    }

    public func render() -> String {
        let width = lines.map(\.0.count).max() ?? 0
        var out = title + "\n"
        for (key, value) in lines {
            out += "  " + key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value + "\n"
        }
        return out
    }
}

public enum JSONOutput {
    /// One JSON object with sorted keys on one line, ending with a newline.
    public static func line<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}
