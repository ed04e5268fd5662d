import ModelClient
import Synchronization

/// Counts the requests that reach the model, so a run can report (and tests can check) how
/// many calls it made: a finished run resumed again must make none.
public final class CountingModel: LanguageModel {
    public let base: any LanguageModel
    private let count = Mutex(0)

    public init(_ base: any LanguageModel) {
        self.base = base
    }

    public var requests: Int { count.withLock { $0 } }

    public func complete(_ request: CompletionRequest) async throws -> CompletionResult {
        count.withLock { $0 += 1 }
        return try await base.complete(request)
    }

    public func chat(_ request: ChatRequest) async throws -> CompletionResult {
        count.withLock { $0 += 1 }
        return try await base.chat(request)
    }
}
