/// Decides which endpoint takes the next request: least outstanding requests (relative to each
/// endpoint's limit) among the endpoints that are up, never more than an endpoint's limit, and
/// waiting in FIFO order when all are full. Also keeps each endpoint's health and the usage ledger.
actor EndpointScheduler {
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

    private var slots: [Slot]
    private let names: [String]
    private var waiters: [Waiter] = []
    private var waiterHead = 0
    private var nextWaiterID: UInt64 = 0
    private let failuresBeforeDown: Int
    /// Where the scan for the least loaded endpoint starts, moved on each pick so that ties
    /// (e.g. one request at a time) take turns instead of all going to the first endpoint.
    private var scanStart = 0
    private(set) var ledger = UsageLedger()

    init(limits: [Int], names: [String], up: [Bool], failuresBeforeDown: Int) {
        slots = zip(limits, up).map { Slot(limit: $0, isUp: $1) }
        self.names = names
        self.failuresBeforeDown = max(1, failuresBeforeDown)
    }

    /// An endpoint index with a free place, reserved for the caller; waits while all are full.
    /// `avoid` is an endpoint to skip if another will do (the one that just failed).
    func acquire(avoid: Int? = nil) async throws -> Int {
        if let index = pick(avoid: avoid) {
            slots[index].outstanding += 1
            return index
        }
        let id = nextWaiterID
        nextWaiterID += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiters.append(Waiter(id: id, avoid: avoid, continuation: continuation))
                }
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    func release(_ index: Int, outcome: Outcome) {
        slots[index].outstanding -= 1
        switch outcome {
        case .success(let usage, let seconds):
            slots[index].consecutiveFailures = 0
            slots[index].isUp = true
            ledger.recordSuccess(endpoint: names[index], usage: usage, seconds: seconds)
        case .failure(let trouble, let immediateDown, let seconds):
            ledger.recordFailure(endpoint: names[index], seconds: seconds)
            if trouble {
                slots[index].consecutiveFailures += 1
                if immediateDown || slots[index].consecutiveFailures >= failuresBeforeDown { slots[index].isUp = false }
            }
        }
        wakeWaiters()
    }

    func markUp(_ index: Int) {
        slots[index].isUp = true
        slots[index].consecutiveFailures = 0
        wakeWaiters()
    }

    var downEndpoints: [Int] { slots.indices.filter { !slots[$0].isUp } }

    func anyUp(except index: Int) -> Bool {
        slots.indices.contains { $0 != index && slots[$0].isUp }
    }

    func isUp(_ index: Int) -> Bool { slots[index].isUp }

    func outstanding(_ index: Int) -> Int { slots[index].outstanding }

    /// Least loaded endpoint with a free place. Endpoints that are up come first; only when none
    /// is up do down ones take requests (bounded retries then decide), so a single endpoint with
    /// a blip is not shut out.
    private func pick(avoid: Int?) -> Int? {
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
        return best
    }

    private func wakeWaiters() {
        while waiterHead < waiters.count {
            let waiter = waiters[waiterHead]
            guard let index = pick(avoid: waiter.avoid) else { break }
            slots[index].outstanding += 1
            waiterHead += 1
            waiter.continuation.resume(returning: index)
        }
        // Drop the consumed prefix now and then, so the queue does not grow without bound.
        if waiterHead > 1024 && waiterHead * 2 > waiters.count {
            waiters.removeFirst(waiterHead)
            waiterHead = 0
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        guard let position = waiters[waiterHead...].firstIndex(where: { $0.id == id }) else { return }
        let waiter = waiters.remove(at: position)
        waiter.continuation.resume(throwing: CancellationError())
    }
}
