import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore

/// Downloads a GGUF file from a URL once into the cache (`models/url-<hash>/<file>`), atomically,
/// checking the sha256 when one is given.
struct URLModelDownloader {
    let cache: ModelCache

    func fetch(_ url: String, sha256: String?, progress: @Sendable (String) -> Void) async throws -> URL {
        let key = SHA256.hash(data: Data(url.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
        let directory = cache.modelsDirectory.appendingPathComponent("url-\(key)", isDirectory: true)
        let name = URL(string: url)?.lastPathComponent.nonEmpty ?? "model.gguf"
        let destination = directory.appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: destination.path) { return destination }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let partial = directory.appendingPathComponent(".\(name).\(UUID().uuidString).partial")
        defer { try? FileManager.default.removeItem(at: partial) }
        progress("downloading \(url)")
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                                configuration: .init(redirectConfiguration: .follow(max: 10, allowCycles: false)))
        do {
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .hours(6))
            guard response.status == .ok else {
                throw ModelClientError.configuration("\(url): HTTP \(response.status.code)")
            }
            _ = FileManager.default.createFile(atPath: partial.path, contents: nil)
            let writer = try FileHandle(forWritingTo: partial)
            var hasher = SHA256()
            for try await buffer in response.body {
                let bytes = Data(buffer.readableBytesView)
                hasher.update(data: bytes)
                try writer.write(contentsOf: bytes)
            }
            try writer.close()
            try await client.shutdown()
            let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
            if let sha256, digest != sha256.lowercased() {
                throw ModelClientError.configuration("\(url): sha256 \(digest) does not match the expected \(sha256); nothing installed")
            }
        } catch {
            try? await client.shutdown()
            throw error
        }
        guard rename(partial.path, destination.path) == 0 else {
            throw ModelClientError.configuration("cannot move download into \(destination.path)")
        }
        return destination
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
