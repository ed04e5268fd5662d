import Synchronization

/// Decides which endpoint takes the next request: least outstanding requests (relative to each
/// endpoint's limit) among the endpoints that are up, never more than an endpoint's limit, and
/// waiting in FIFO order when all are full. Also keeps each endpoint's health and the usage
/// ledger. A lock, not an actor: the fast path is a few comparisons, and thousands of requests
/// in flight should not queue on one executor for them.
final class EndpointScheduler: Sendable {
    struct Slot {
        var limit: Int
        var outstanding = 0
        var isUp = true
        var consecutiveFailures = 0
    }

    enum Outcome {
        case success(TokenUsage, seconds: Double)
        /// `endpointTrouble`: a failure that says the endpoint itself is unwell.
        case failure(endpointTrouble: Bool, immediateDown: Bool, seconds: Double)
    }

    private struct Waiter {
        var id: UInt64
        var avoid: Int?
        var continuation: CheckedContinuation<Int, Error>
    }

    private struct State {
        var slots: [Slot]
        var waiters: [Waiter] = []
        var waiterHead = 0
        var nextWaiterID: UInt64 = 0
        /// Where the scan for the least loaded endpoint starts, moved on each pick so that ties
        /// (e.g. one request at a time) take turns instead of all going to the first endpoint.
        var scanStart = 0
        var ledger = UsageLedger()

        /// Least loaded endpoint with a free place. Endpoints that are up come first; only when
        /// none is up do down ones take requests (bounded retries then decide), so a single
        /// endpoint with a blip is not shut out.
        mutating func pick(avoid: Int?) -> Int? {
            let anyUp = slots.contains { $0.isUp }
            var best: Int?
            var bestKey = (2, Double.infinity, Int.max)
            scanStart = (scanStart + 1) % slots.count
            for offset in slots.indices {
                let index = (scanStart + offset) % slots.count
                let slot = slots[index]
                guard slot.outstanding < slot.limit, slot.isUp || !anyUp else { continue }
                let key = (index == avoid ? 1 : 0, Double(slot.outstanding) / Double(slot.limit), slot.outstanding)
                if key < bestKey {
                    bestKey = key
                    best = index
                }
            }
            if let best { slots[best].outstanding += 1 }
            return best
        }

        /// Hands free places to waiters in FIFO order; returns who to resume (outside the lock).
        mutating func assignWaiters() -> [(CheckedContinuation<Int, Error>, Int)] {
            var ready: [(CheckedContinuation<Int, Error>, Int)] = []
            while waiterHead < waiters.count {
                let waiter = waiters[waiterHead]
                guard let index = pick(avoid: waiter.avoid) else { break }
                waiterHead += 1
                ready.append((waiter.continuation, index))
            }
            // Drop the consumed prefix now and then, so the queue does not grow without bound.
            if waiterHead > 1024 && waiterHead * 2 > waiters.count {
                waiters.removeFirst(waiterHead)
                waiterHead = 0
            }
            return ready
        }
    }

    private let state: Mutex<State>
    private let names: [String]
    private let failuresBeforeDown: Int

    init(limits: [Int], names: [String], up: [Bool], failuresBeforeDown: Int) {
        state = Mutex(State(slots: zip(limits, up).map { Slot(limit: $0, isUp: $1) }))
        self.names = names
        self.failuresBeforeDown = max(1, failuresBeforeDown)
    }

    /// An endpoint index with a free place, reserved for the caller; waits while all are full.
    /// `avoid` is an endpoint to skip if another will do (the one that just failed).
    func acquire(avoid: Int? = nil) async throws -> Int {
        if let index = state.withLock({ $0.pick(avoid: avoid) }) { return index }
        let id = state.withLock { state -> UInt64 in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int, Error>) in
                enum Decision { case wait, run(Int), cancelled }
                let decision = state.withLock { state -> Decision in
                    if Task.isCancelled { return .cancelled }
                    if let index = state.pick(avoid: avoid) { return .run(index) }
                    state.waiters.append(Waiter(id: id, avoid: avoid, continuation: continuation))
                    return .wait
                }
                switch decision {
                case .wait: break
                case .run(let index): continuation.resume(returning: index)
                case .cancelled: continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let position = state.waiters[state.waiterHead...].firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: position)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    func release(_ index: Int, outcome: Outcome) {
        let ready = state.withLock { state in
            state.slots[index].outstanding -= 1
            switch outcome {
            case .success(let usage, let seconds):
                state.slots[index].consecutiveFailures = 0
                state.slots[index].isUp = true
                state.ledger.recordSuccess(endpoint: names[index], usage: usage, seconds: seconds)
            case .failure(let trouble, let immediateDown, let seconds):
                state.ledger.recordFailure(endpoint: names[index], seconds: seconds)
                if trouble {
                    state.slots[index].consecutiveFailures += 1
                    if immediateDown || state.slots[index].consecutiveFailures >= failuresBeforeDown {
                        state.slots[index].isUp = false
                    }
                }
            }
            return state.assignWaiters()
        }
        for (continuation, index) in ready { continuation.resume(returning: index) }
    }

    func markUp(_ index: Int) {
        let ready = state.withLock { state in
            state.slots[index].isUp = true
            state.slots[index].consecutiveFailures = 0
            return state.assignWaiters()
        }
        for (continuation, index) in ready { continuation.resume(returning: index) }
    }

    var ledger: UsageLedger { state.withLock { $0.ledger } }

    var downEndpoints: [Int] { state.withLock { state in state.slots.indices.filter { !state.slots[$0].isUp } } }

    func anyUp(except index: Int) -> Bool {
        state.withLock { state in state.slots.indices.contains { $0 != index && state.slots[$0].isUp } }
    }

    func isUp(_ index: Int) -> Bool { state.withLock { $0.slots[index].isUp } }
}
