import Foundation

/// A language of MultiPL-E's HumanEval translations that `eval multipl-e` runs.
public enum MultiPLELanguage: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case java, js, cpp, php, swift, rs

    /// MultiPL-E's code: `java`, `js`, `cpp`, `php`, `swift`, `rs`.
    public var code: String { rawValue }

    public var description: String { rawValue }

    /// By MultiPL-E's code or a full name (`javascript`, `c++`, `rust`), in any case.
    public init?(name: String) {
        switch name.lowercased() {
        case "java": self = .java
        case "js", "javascript", "node": self = .js
        case "cpp", "c++": self = .cpp
        case "php": self = .php
        case "swift": self = .swift
        case "rs", "rust": self = .rs
        default: return nil
        }
    }

    /// The vendored problems file in `Data/` (see Data/multipl-e/SOURCES.md).
    public var dataFile: String { "multipl-e/humaneval-\(code).jsonl" }

    /// The extension MultiPL-E gives the program's file.
    public var fileExtension: String { rawValue }

    /// Whether the tests supply the function's closing brace (the stop tokens cut the
    /// completion right before it), as for java, cpp, swift and rs; for js and php the
    /// completion must close the function itself.
    public var testsCloseTheFunction: Bool {
        switch self {
        case .java, .cpp, .swift, .rs: true
        case .js, .php: false
        }
    }

    /// Parses `java,js` (several names, comma-separated); nil when one is unknown.
    public static func list(_ text: String) -> [MultiPLELanguage]? {
        var languages: [MultiPLELanguage] = []
        for part in text.split(separator: ",") {
            guard let language = MultiPLELanguage(name: part.trimmingCharacters(in: .whitespaces)) else { return nil }
            if !languages.contains(language) { languages.append(language) }
        }
        return languages.isEmpty ? nil : languages
    }
}
