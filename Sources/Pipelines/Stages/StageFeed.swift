import Synchronization

/// Tells a downstream stage that its upstream stage enqueued new units, and when the upstream
/// stage is over. It lets two stages run at once (score starts on a snippet as soon as its
/// summary is done), which keeps the model server busy across what used to be a barrier.
public final class StageFeed: Sendable {
    /// What a waiter learns: the latest signal it has seen, and whether the upstream is over.
    public struct News: Sendable {
        public var generation: Int
        public var finished: Bool
    }

    private struct State {
        var generation = 0
        var finished = false
        var waiters: [Int: CheckedContinuation<News, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// New units are in the store.
    public func signal() {
        let (waiters, news) = state.withLock { state in
            state.generation += 1
            defer { state.waiters = [:] }
            return (Array(state.waiters.values), News(generation: state.generation, finished: state.finished))
        }
        for waiter in waiters { waiter.resume(returning: news) }
    }

    /// The upstream stage will enqueue nothing more.
    public func finish() {
        let (waiters, news) = state.withLock { state in
            state.finished = true
            defer { state.waiters = [:] }
            return (Array(state.waiters.values), News(generation: state.generation, finished: true))
        }
        for waiter in waiters { waiter.resume(returning: news) }
    }

    /// Returns as soon as there is news after `seen`: a later signal, or the end. A cancelled
    /// waiter returns at once, so a stage that stops early never hangs on its feed.
    public func next(after seen: Int) async -> News {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready: News? = state.withLock { state in
                    if state.generation > seen || state.finished || Task.isCancelled {
                        return News(generation: state.generation, finished: state.finished)
                    }
                    state.waiters[id] = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                state.waiters.removeValue(forKey: id).map { ($0, News(generation: state.generation, finished: state.finished)) }
            }
            if let (continuation, news) = waiter { continuation.resume(returning: news) }
        }
    }
}
