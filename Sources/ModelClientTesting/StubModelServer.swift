import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A loopback HTTP server that speaks just enough of the OpenAI API to test and measure the
/// client: it answers at once by default, and a test decides per request to fail with a status,
/// wait, drop the connection or send garbage. Not a model: never proof that a feature works.
public final class StubModelServer: Sendable {
    /// What the server does with one request.
    public enum Behavior: Sendable {
        case reply(status: Int, headers: [(String, String)], body: String)
        /// Wait this many seconds, then behave as told.
        indirect case delayed(Double, Behavior)
        /// Close the connection without answering.
        case dropConnection
        /// The standard quick answer (`StubModelServer.standardReply`).
        case standard
        /// Decide when the time comes (after a delay, say).
        case deferred(@Sendable () -> Behavior)
    }

    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var body: [UInt8]
        /// 0 for the first request this server saw.
        public var sequence: Int

        public var bodyText: String { String(decoding: body, as: UTF8.self) }

        /// Whether this is the capability probe's tiny completion (prompt "Hello"), which fault
        /// tests usually let through.
        public var isProbe: Bool { path != "/v1/completions" && path != "/v1/chat/completions" || bodyText.contains(#""Hello""#) }
    }

    public let port: Int
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    private let group: MultiThreadedEventLoopGroup
    private let serverChannel: Channel
    private let state: SharedState

    /// Requests received so far.
    public var requestCount: Int { state.counter.withLock { $0 } }

    final class SharedState: Sendable {
        let counter = Mutex(0)
        let connections = Mutex<[ObjectIdentifier: Channel]>([:])
        let handler: @Sendable (Request) -> Behavior
        init(handler: @escaping @Sendable (Request) -> Behavior) { self.handler = handler }
    }

    /// Starts listening on 127.0.0.1 (`port` 0: a free port).
    public static func start(port: Int = 0, threads: Int = 1,
                             handler: @escaping @Sendable (Request) -> Behavior = { _ in .standard }) async throws -> StubModelServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let state = SharedState(handler: handler)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                let id = ObjectIdentifier(channel)
                state.connections.withLock { $0[id] = channel }
                channel.closeFuture.whenComplete { _ in _ = state.connections.withLock { $0.removeValue(forKey: id) } }
                return channel.pipeline.configureHTTPServerPipeline(withErrorHandling: true).flatMap {
                    channel.pipeline.addHandler(StubHandler(state: state))
                }
            }
        do {
            let channel = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
            guard let boundPort = channel.localAddress?.port else {
                throw ChannelError.unknownLocalAddress
            }
            return StubModelServer(port: boundPort, group: group, channel: channel, state: state)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private init(port: Int, group: MultiThreadedEventLoopGroup, channel: Channel, state: SharedState) {
        self.port = port
        self.group = group
        self.serverChannel = channel
        self.state = state
    }

    /// Stops listening and cuts every open connection, like a server that dies.
    public func shutdown() async throws {
        try? await serverChannel.close()
        let open = state.connections.withLock { Array($0.values) }
        for channel in open { try? await channel.close() }
        try await group.shutdownGracefully()
    }

    /// A quick, valid reply: model list, or a completion/chat reply with `n` choices of "ok".
    public static func standardReply(for request: Request) -> (status: Int, body: String) {
        switch request.path {
        case "/v1/models":
            return (200, #"{"object":"list","data":[{"id":"stub-model","object":"model"}]}"#)
        case "/health":
            return (200, #"{"status":"ok"}"#)
        case "/v1/completions", "/v1/chat/completions":
            let n = Self.requestedChoices(in: request.body)
            let chat = request.path.hasSuffix("chat/completions")
            let choices = (0..<n).map { index in
                chat ? #"{"index":\#(index),"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}"#
                     : #"{"index":\#(index),"text":"ok","finish_reason":"stop"}"#
            }.joined(separator: ",")
            return (200, #"{"id":"stub","object":"text_completion","model":"stub-model","choices":[\#(choices)],"usage":{"prompt_tokens":3,"completion_tokens":\#(n),"total_tokens":\#(3 + n)}}"#)
        default:
            return (404, #"{"error":{"message":"File Not Found","type":"not_found_error","code":404}}"#)
        }
    }

    /// The `n` of a request body, found without a full JSON parse (this is the hot path of the benchmark).
    static func requestedChoices(in body: [UInt8]) -> Int {
        let key = Array(#""n":"#.utf8)
        guard body.count > key.count else { return 1 }
        var index = 0
        while index + key.count < body.count {
            if body[index] == key[0] && Array(body[index..<index + key.count]) == key {
                var value = 0
                var cursor = index + key.count
                while cursor < body.count, body[cursor] >= 48, body[cursor] <= 57 {
                    value = value * 10 + Int(body[cursor] - 48)
                    cursor += 1
                }
                return max(1, value)
            }
            index += 1
        }
        return 1
    }
}

private final class StubHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let state: StubModelServer.SharedState
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(state: StubModelServer.SharedState) { self.state = state }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body.removeAll(keepingCapacity: true)
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            let sequence = state.counter.withLock { value -> Int in
                defer { value += 1 }
                return value
            }
            let request = StubModelServer.Request(method: "\(head.method)", path: head.uri.split(separator: "?").first.map(String.init) ?? head.uri,
                                                  body: body, sequence: sequence)
            perform(state.handler(request), request: request, keepAlive: head.isKeepAlive, context: context)
        }
    }

    private func perform(_ behavior: StubModelServer.Behavior, request: StubModelServer.Request, keepAlive: Bool,
                         context: ChannelHandlerContext) {
        switch behavior {
        case .standard:
            let reply = StubModelServer.standardReply(for: request)
            respond(status: reply.status, headers: [], body: reply.body, keepAlive: keepAlive, context: context)
        case .reply(let status, let headers, let body):
            respond(status: status, headers: headers, body: body, keepAlive: keepAlive, context: context)
        case .dropConnection:
            context.close(promise: nil)
        case .deferred(let decide):
            perform(decide(), request: request, keepAlive: keepAlive, context: context)
        case .delayed(let seconds, let next):
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .milliseconds(Int64(seconds * 1000))) {
                let (handler, context) = loopBound.value
                guard context.channel.isActive else { return }
                handler.perform(next, request: request, keepAlive: keepAlive, context: context)
            }
        }
    }

    private func respond(status: Int, headers extra: [(String, String)], body: String, keepAlive: Bool,
                         context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: body.utf8.count)
        buffer.writeString(body)
        var headers = HTTPHeaders([("Content-Type", "application/json"), ("Content-Length", "\(buffer.readableBytes)")])
        for (name, value) in extra { headers.add(name: name, value: value) }
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
