import Foundation
import Testing
import TestSupport
@testable import InstructData

@Suite struct DatasetReaderTests {
    func write(_ text: String, name: String = "data.jsonl") throws -> String {
        let url = try TestPaths.temporaryDirectory("reader").appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    func records(_ path: String) throws -> [RawRecord] {
        try DatasetReader(path: path).items().compactMap { if case .record(let r) = $0 { r } else { nil } }
    }

    @Test func jsonLinesWithBlankLinesAndCRLF() throws {
        let path = try write("{\"a\":1}\r\n\n{\"a\":2}\n   \n{\"a\":3}")
        let got = try records(path)
        #expect(got.map { $0.fields["a"] } == [.int(1), .int(2), .int(3)])
        #expect(got.map(\.location.line) == [1, 3, 5])
        #expect(got.map(\.location.index) == [0, 1, 2])
    }

    @Test func brokenLineIsReportedWithItsLineAndReadingGoesOn() throws {
        let path = try write("{\"a\":1}\n{\"a\":2}\n{\"a\": oops}\n[1]\n{\"a\":5}\n")
        let items = try DatasetReader(path: path).items()
        #expect(items.count == 5)
        guard case .invalid(let bad) = items[2] else {
            Issue.record("line 3 should be invalid")
            return
        }
        #expect(bad.location.line == 3)
        #expect(bad.description.hasPrefix("\(path):3: invalid JSON"))
        #expect(bad.text == "{\"a\": oops}")
        guard case .invalid(let notObject) = items[3] else {
            Issue.record("line 4 should be invalid")
            return
        }
        #expect(notObject.reason == "expected a JSON object, found an array")
        guard case .record(let last) = items[4] else {
            Issue.record("line 5 should be a record")
            return
        }
        #expect(last.location.line == 5)
    }

    @Test func jsonArrayIsStreamedWithLineNumbers() throws {
        let text = """
            [
              {"instruction": "a", "output": "x"},
              {"instruction": "b [with] {braces} and \\"quotes\\"",
               "output": "y"},
              {"instruction": "c", "output": "z\\n"}
            ]
            """
        let got = try records(try write(text, name: "data.json"))
        #expect(got.map { $0.fields["instruction"]?.stringValue } == ["a", "b [with] {braces} and \"quotes\"", "c"])
        #expect(got.map(\.location.line) == [2, 3, 5])
    }

    @Test func truncatedJsonArrayIsAnInvalidRecordNotACrash() throws {
        let items = try DatasetReader(path: try write("[{\"a\":1}, {\"a\": 2, \"b\": \"unterminated", name: "t.json")).items()
        #expect(items.count == 2)
        guard case .invalid(let bad) = items[1] else {
            Issue.record("the truncated element should be invalid")
            return
        }
        #expect(bad.reason.contains("truncated"))
    }

    @Test func gzipInputIsDecompressedAsAStream() throws {
        let directory = try TestPaths.temporaryDirectory("gz")
        let plain = directory.appendingPathComponent("d.jsonl")
        let lines = (0..<5000).map { "{\"i\":\($0),\"text\":\"\(String(repeating: "x", count: $0 % 50))\"}" }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: plain)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gzip.arguments = ["gzip", "-k", plain.path]
        try gzip.run()
        gzip.waitUntilExit()
        let got = try records(plain.path + ".gz")
        #expect(got.count == 5000)
        #expect(got.last?.fields["i"] == .int(4999))
        #expect(got.last?.location.line == 5000)
    }

    @Test func corruptGzipIsAnError() throws {
        let path = try write("", name: "bad.jsonl.gz")
        try Data([0x1F, 0x8B, 0x08, 0x00, 0x01, 0x02, 0x03, 0xFF, 0xFF, 0xFF]).write(to: URL(fileURLWithPath: path))
        #expect(throws: ToolError.self) { try DatasetReader(path: path).items() }
    }

    @Test func missingFileIsAnError() {
        #expect(throws: ToolError.self) { try DatasetReader(path: "/nonexistent/x.jsonl").items() }
    }

    @Test func recordsSpanningReadChunksAreIntact() throws {
        // Lines longer than the 1 MiB read chunk must still come out whole.
        let long = String(repeating: "y", count: 3 << 20)
        let got = try records(try write("{\"a\":\"\(long)\"}\n{\"b\":1}\n"))
        #expect(got.count == 2)
        #expect(got[0].fields["a"]?.stringValue?.count == long.count)
    }
}

@Suite struct JSONParserTests {
    @Test func parsesEveryKind() throws {
        let value = try JSONParser.parse(#"{"s":"a\u00e9\n\"\ud83d\ude00","i":-12,"d":1.5e2,"b":[true,false,null],"o":{}}"#)
        #expect(value["s"] == .string("aé\n\"😀"))
        #expect(value["i"] == .int(-12))
        #expect(value["d"] == .double(150))
        #expect(value["b"] == .array([.bool(true), .bool(false), .null]))
        #expect(value["o"] == .object([:]))
    }

    @Test(arguments: ["{", "{\"a\":}", "[1,]", "\"\\x\"", "01", "{\"a\":1}x", "tru", "\"a\nb\""])
    func rejectsMalformed(_ text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(text) }
    }

    @Test func roundTripsThroughTheSerializer() throws {
        let value: JSONValue = ["z": 1, "a": ["x", 2.5, nil, true], "m": ["k": "line\nbreak\t\u{01}"]]
        let text = value.serialized()
        #expect(text == #"{"a":["x",2.5,null,true],"m":{"k":"line\nbreak\t\u0001"},"z":1}"#)
        #expect(try JSONParser.parse(text) == value)
    }
}
