import Foundation
import Testing
import TestSupport
@testable import InstructData

@Suite struct AtomicWriterTests {
    func directoryEntries(_ url: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    @Test func nothingIsVisibleBeforeCommit() throws {
        let directory = try TestPaths.temporaryDirectory("atomic")
        let path = directory.appendingPathComponent("out.jsonl").path
        try Data("old content\n".utf8).write(to: URL(fileURLWithPath: path))
        let writer = try JSONRecordWriter(path: path)
        try writer.write(["a": 1])
        // Readers still see the old file, whole.
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old content\n")
        try writer.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"a\":1}\n")
        #expect(try directoryEntries(directory) == ["out.jsonl"], "no temporary file left behind")
    }

    @Test func abandonedWriterLeavesNoTraceAndOldFileIntact() throws {
        let directory = try TestPaths.temporaryDirectory("atomic")
        let path = directory.appendingPathComponent("out.jsonl").path
        try Data("keep\n".utf8).write(to: URL(fileURLWithPath: path))
        do {
            let writer = try JSONRecordWriter(path: path)
            for i in 0..<100_000 { try writer.write(["i": .int(i)]) }  // spills past the buffer
            // dropped without commit, as when a command fails half-way
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep\n")
        #expect(try directoryEntries(directory) == ["out.jsonl"])
    }

    @Test func jsonArrayLayout() throws {
        let directory = try TestPaths.temporaryDirectory("atomic")
        let path = directory.appendingPathComponent("out.json").path
        let writer = try JSONRecordWriter(path: path)
        try writer.write(["a": 1])
        try writer.write(["b": 2])
        try writer.commit()
        let parsed = try JSONParser.parse(ArraySlice(try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(parsed == [["a": 1], ["b": 2]])
        let empty = try JSONRecordWriter(path: directory.appendingPathComponent("e.json").path)
        try empty.commit()
        #expect(try JSONParser.parse(ArraySlice(try Data(contentsOf: URL(fileURLWithPath: empty.path)))) == [])
    }
}
