import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The one HTTP client a process uses for model traffic. It keeps connections alive and lets
/// each host have as many as the caller's concurrency allows. Call `shutdown()` when done.
public final class HTTPTransport: Sendable {
    let client: HTTPClient

    /// - Parameter maxConnectionsPerHost: enough for the largest per-endpoint concurrency limit.
    public init(maxConnectionsPerHost: Int = 64, connectTimeout: Double = 10) {
        var configuration = HTTPClient.Configuration()
        // llama.cpp closes idle keep-alive connections after 5 s; closing ours sooner avoids
        // sending on a connection the server is about to drop.
        configuration.connectionPool = .init(idleTimeout: .seconds(4),
                                             concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, maxConnectionsPerHost))
        configuration.timeout = .init(connect: .milliseconds(Int64(connectTimeout * 1000)))
        configuration.decompression = .disabled
        configuration.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }

    public func shutdown() async throws {
        try await client.shutdown()
    }

    struct Reply: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    /// One HTTP exchange; transport failures become `ModelClientError`s naming the endpoint.
    func send(method: HTTPMethod, url: String, endpoint: String, body: [UInt8]?, apiKey: APIKey?,
              timeout: Double, maxReplyBytes: Int) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey.value)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            var buffer = try await response.body.collect(upTo: maxReplyBytes)
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            return Reply(status: Int(response.status.code), headers: response.headers, body: bytes)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw ModelClientError.timeout(endpoint: endpoint, seconds: timeout)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as HTTPClientError where error == .cancelled {
            if Task.isCancelled { throw CancellationError() }
            throw ModelClientError.connection(endpoint: endpoint, detail: "\(error)")
        } catch let error as NIOTooManyBytesError {
            throw ModelClientError.invalidReply(endpoint: endpoint, detail: "reply larger than \(error.maxBytes.map(String.init) ?? "the limit") bytes")
        } catch {
            throw ModelClientError.connection(endpoint: endpoint, detail: Self.describe(error))
        }
    }

    private static func describe(_ error: Error) -> String {
        let text = String(describing: error)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}
