import Foundation
import InstructData
import Testing
import TestSupport
@testable import Pipelines

@Suite struct NaturalCodeReaderTests {
    @Test func aDirectoryOfSourceFilesSplitsIntoFunctionsAndPrograms() async throws {
        let directory = try TestPaths.temporaryDirectory("semi-sources")
        try """
            import math

            SCALE = 2

            def helper(x):
                return math.sqrt(x) * SCALE

            def area(r):
                return helper(r) ** 2

            def greet(name):
                return "hi " + name
            """.write(to: directory.appendingPathComponent("lib.py"), atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("cp"), withIntermediateDirectories: true)
        try "n = int(input())\nprint(n + 1)\n".write(to: directory.appendingPathComponent("cp/a.py"), atomically: true, encoding: .utf8)
        let originals = try await NaturalCodeReader(path: directory.path).read(analyzer: try CodeAnalyzer())
        #expect(originals.map(\.origin.name) == [nil, "area", "greet"], "cp/a.py sorts first")
        #expect(originals[0].shape?.kind == .program)
        #expect(originals[1].shape?.entryPoint == "area")
        #expect(originals[1].code.contains("def helper"), "a function travels with what it calls")
        #expect(originals[1].code.contains("SCALE = 2") && originals[1].code.contains("import math"))
        #expect(!originals[2].code.contains("def area"))
        #expect(originals[1].origin.line == 8)
    }

    @Test func recordsWithTheCodeFieldFoundByName() async throws {
        let directory = try TestPaths.temporaryDirectory("semi-records")
        let file = directory.appendingPathComponent("in.jsonl")
        try """
            {"task_id": 7, "content": "def f(x):\\r\\n    return x\\r\\n"}
            {"name": "g", "response": "Here you go:\\n```python\\ndef g(y):\\n    return y\\n```\\nDone."}
            """.write(to: file, atomically: true, encoding: .utf8)
        let originals = try await NaturalCodeReader(path: file.path).read(analyzer: try CodeAnalyzer())
        #expect(originals.map(\.origin.name) == ["7", "g"])
        #expect(originals[0].code == "def f(x):\n    return x\n")
        #expect(originals[1].code == "def g(y):\n    return y")
        #expect(originals.allSatisfy { $0.shape?.kind == .function })

        try "{\"text\": \"no code here\"}\n".write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try await NaturalCodeReader(path: file.path).read(analyzer: try CodeAnalyzer())
            Issue.record("a record without code is an error")
        } catch let error as ToolError {
            #expect(error.description.hasPrefix("\(file.path):1: no code field"), "\(error)")
        }
    }
}
