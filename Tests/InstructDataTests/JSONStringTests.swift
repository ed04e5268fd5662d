import Foundation
import InstructData
import Testing

/// JSON strings with escapes anywhere (the parser and serializer copy the runs between escapes
/// whole): they parse to what Foundation reads and serialize back to text that reads the same.
@Suite struct JSONStringTests {
    static let texts = [
        "plain", "", "\n", "a\nb", "\n\nstarts and ends\n\n", "tab\there \"quoted\" back\\slash",
        "def f(x):\n    return x  # ünïcode — 𝔘\n", "\u{01}\u{1F}controls\u{0B}", "slash / and \u{2028}",
        String(repeating: "long line with an escape\\n ", count: 200),
    ]

    @Test(arguments: texts)
    func roundTripsThroughParserAndSerializer(text: String) throws {
        let encoded = String(decoding: try JSONSerialization.data(withJSONObject: ["t": text]), as: UTF8.self)
        let parsed = try JSONParser.parse(encoded)
        #expect(parsed == .object(["t": .string(text)]))
        let serialized = parsed.serialized()
        #expect(try JSONParser.parse(serialized) == parsed)
        let foundation = try #require(try JSONSerialization.jsonObject(with: Data(serialized.utf8)) as? [String: String])
        #expect(foundation["t"] == text)
    }

    @Test func escapesParse() throws {
        #expect(try JSONParser.parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00 end""#) == .string("a\"b\\c/d\u{08}\u{0C}\n\r\té😀 end"))
        #expect(try JSONParser.parse(#""\ud800 lone""#) == .string("\u{FFFD} lone"))
    }

    @Test(arguments: [#""abc"#, #""a\nb"#, "\"a\\nb\u{01}c\"", #""a\n\q""#])
    func badStringsAreErrors(text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(text) }
    }
}
