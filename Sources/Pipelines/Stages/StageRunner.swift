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

    /// Runs the stage until it has no runnable unit left. With a `feed`, the stage also waits
    /// for units its upstream stage is still enqueueing, and ends only once the feed is finished
    /// and nothing is left. `afterCompletion` runs after each outcome is recorded (an upstream
    /// stage enqueues the downstream units there).
    public func run(progress: ProgressReporter?, feed: StageFeed? = nil,
                    afterCompletion: (@Sendable (WorkUnit, UnitOutcome) throws -> Void)? = nil,
                    work: @escaping @Sendable (WorkUnit) async throws -> UnitOutcome) async throws {
        let store = self.store
        let stage = self.stage
        let maxAttempts = self.maxAttempts
        enum Event: Sendable {
            case unitFinished
            case fed(StageFeed.News)
        }
        try await withThrowingTaskGroup(of: Event.self) { group in
            var inFlight = 0
            var upstreamOver = feed == nil
            var watching = false
            var seen = 0
            while true {
                // Top up to the concurrency limit. `claim` also returns failed units that have
                // attempts left, so an empty claim with nothing in flight means the stage is over.
                if inFlight < concurrency {
                    for unit in try store.claim(stage: stage, limit: concurrency - inFlight, maxAttempts: maxAttempts) {
                        inFlight += 1
                        group.addTask {
                            try await Self.process(unit, store: store, progress: progress, maxAttempts: maxAttempts,
                                                   afterCompletion: afterCompletion, work: work)
                            return .unitFinished
                        }
                    }
                }
                if inFlight == 0 && upstreamOver { break }
                if let feed, !upstreamOver, !watching {
                    watching = true
                    let after = seen
                    group.addTask { .fed(await feed.next(after: after)) }
                }
                guard let event = try await group.next() else { break }
                switch event {
                case .unitFinished:
                    inFlight -= 1
                case .fed(let news):
                    watching = false
                    seen = news.generation
                    upstreamOver = news.finished
                }
            }
            group.cancelAll()
        }
    }

    private static func process(_ unit: WorkUnit, store: RunStore, progress: ProgressReporter?, maxAttempts: Int,
                                afterCompletion: (@Sendable (WorkUnit, UnitOutcome) throws -> Void)?,
                                work: @Sendable (WorkUnit) async throws -> UnitOutcome) async throws {
        let outcome: UnitOutcome
        do {
            outcome = try await work(unit)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            try store.fail(unit, error: String(describing: error))
            // Count it as done for progress only when no attempt is left.
            if unit.attempts >= maxAttempts { progress?.advance() }
            return
        }
        switch outcome {
        case .done(let result, let tokens, let endpoint):
            try store.complete(unit, result: result, usage: tokens, endpoint: endpoint)
        case .failed(let reason, let tokens, let endpoint):
            try store.fail(unit, error: reason, final: true, usage: tokens, endpoint: endpoint)
        }
        try afterCompletion?(unit, outcome)
        progress?.advance()
    }
}
