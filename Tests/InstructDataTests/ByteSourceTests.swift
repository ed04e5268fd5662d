import Foundation
import Testing
import TestSupport
@testable import InstructData

@Suite struct ByteSourceTests {
    /// Bytes that do not repeat in a short period, so a misplaced chunk changes the result.
    static let content: [UInt8] = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }

    func file(_ bytes: [UInt8], _ name: String) throws -> String {
        let url = try TestPaths.temporaryDirectory("bytes").appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func gzip(_ bytes: [UInt8], _ name: String) async throws -> [UInt8] {
        let path = try file(bytes, name)
        let result = try await ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), ["gzip", "-k", "-f", path])
        #expect(result.status == 0, "\(result.stderr)")
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + ".gz")))
    }

    /// Reads a source to its end in `chunk`-sized reads, checking each read's count.
    func readAll(_ source: ByteSource, chunk: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        while true {
            let before = bytes.count
            let got = try source.read(into: &bytes, maxCount: chunk)
            #expect(got <= chunk && bytes.count == before + got)
            if got == 0 { return bytes }
        }
    }

    @Test(arguments: [1, 7, 4096, 1 << 20])
    func aFileReadsBackExactlyInAnyChunkSize(chunk: Int) throws {
        let source = try FileByteSource(path: try file(Self.content, "f-\(chunk)"))
        #expect(try readAll(source, chunk: chunk) == Self.content)
        #expect(source.bytesRead == Self.content.count)
    }

    @Test func readsAppendAfterWhatTheBufferHolds() throws {
        let source = try FileByteSource(path: try file(Array(Self.content.prefix(10)), "append"))
        var bytes: [UInt8] = [42, 43]
        #expect(try source.read(into: &bytes, maxCount: 4) == 4)
        #expect(bytes == [42, 43] + Self.content.prefix(4))
    }

    @Test(arguments: [5, 1000, 1 << 20])
    func gzipInflatesExactlyAndConcatenatedMembersFollowEachOther(chunk: Int) async throws {
        let half = Self.content.count / 2
        let twoMembers = try await gzip(Array(Self.content[..<half]), "first-\(chunk)")
            + gzip(Array(Self.content[half...]), "second-\(chunk)")
        let path = try file(twoMembers, "two-\(chunk).gz")
        let source = try GzipByteSource(upstream: try FileByteSource(path: path), name: path)
        #expect(try readAll(source, chunk: chunk) == Self.content)
    }

    @Test func aTruncatedGzipFileIsAnErrorNamingIt() async throws {
        let whole = try await gzip(Self.content, "whole")
        let path = try file(Array(whole.prefix(whole.count / 2)), "cut.gz")
        let source = try GzipByteSource(upstream: try FileByteSource(path: path), name: path)
        #expect {
            _ = try readAll(source, chunk: 1 << 16)
        } throws: { "\($0)".contains(path) && "\($0)".contains("truncated") }
    }
}
