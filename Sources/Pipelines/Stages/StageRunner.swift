import Console
import Foundation
import RunStore

/// What became of one unit of work.
public enum UnitOutcome: Sendable {
    /// The unit's result, as JSON text, and what it cost.
    case done(result: String, tokens: TokenCounts, endpoint: String?)
    /// A failure that retrying will not fix (e.g. an unparsable reply, kept in `reason`).
    case failed(reason: String, tokens: TokenCounts, endpoint: String?)
}

/// Drives the pending units of one stage through a worker with bounded concurrency, recording
/// every outcome in the run store as it happens. Errors a worker throws (transport failures
/// after the client's own retries) mark the unit failed-but-retryable; it is tried again, up to
/// `maxAttempts`, in this run or the next.
public struct StageRunner: Sendable {
    public var store: RunStore
    public var stage: String
    public var concurrency: Int
    public var maxAttempts: Int

    public init(store: RunStore, stage: String, concurrency: Int, maxAttempts: Int = 3) {
        self.store = store
        self.stage = stage
        self.concurrency = max(1, concurrency)
        self.maxAttempts = maxAttempts
    }

    public func run(progress: ProgressReporter?,
                    work: @escaping @Sendable (WorkUnit) async throws -> UnitOutcome) async throws {
        let store = self.store
        let stage = self.stage
        let maxAttempts = self.maxAttempts
        try await withThrowingTaskGroup(of: Void.self) { group in
            var inFlight = 0
            while true {
                // Top up to the concurrency limit. `claim` also returns failed units that have
                // attempts left, so an empty claim with nothing in flight means the stage is over.
                if inFlight < concurrency {
                    for unit in try store.claim(stage: stage, limit: concurrency - inFlight, maxAttempts: maxAttempts) {
                        inFlight += 1
                        group.addTask {
                            try await Self.process(unit, store: store, progress: progress, maxAttempts: maxAttempts, work: work)
                        }
                    }
                }
                if inFlight == 0 { break }
                try await group.next()
                inFlight -= 1
            }
        }
    }

    private static func process(_ unit: WorkUnit, store: RunStore, progress: ProgressReporter?, maxAttempts: Int,
                                work: @Sendable (WorkUnit) async throws -> UnitOutcome) async throws {
        do {
            switch try await work(unit) {
            case .done(let result, let tokens, let endpoint):
                try store.complete(unit, result: result, usage: tokens, endpoint: endpoint)
                progress?.advance()
            case .failed(let reason, let tokens, let endpoint):
                try store.fail(unit, error: reason, final: true, usage: tokens, endpoint: endpoint)
                progress?.advance()
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            try store.fail(unit, error: String(describing: error))
            // Count it as done for progress only when no attempt is left.
            if unit.attempts >= maxAttempts { progress?.advance() }
        }
    }
}
