import Foundation
import Pipelines
import RunStore
import Testing
import TestSupport

/// Two stages running at once over a real run store: the downstream stage takes the units its
/// upstream enqueues while both run, and ends only when the upstream is over and nothing is left.
@Suite struct StageRunnerTests {
    @Test func downstreamStageTakesUnitsEnqueuedWhileItRuns() async throws {
        let store = try RunStore(directory: try TestPaths.temporaryDirectory("stages"))
        let keys = (0..<20).map { "item-\($0)" }
        try store.enqueue(stage: "up", units: keys.map { (key: $0, payload: nil) })
        let feed = StageFeed()
        let upstream = StageRunner(store: store, stage: "up", concurrency: 3)
        let downstream = StageRunner(store: store, stage: "down", concurrency: 2)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { feed.finish() }
                try await upstream.run(progress: nil, afterCompletion: { unit, _ in
                    // Each upstream unit makes two downstream units.
                    try store.enqueue(stage: "down", units: [(key: unit.key + "/a", payload: nil), (key: unit.key + "/b", payload: nil)])
                    feed.signal()
                }) { _ in
                    try await Task.sleep(for: .milliseconds(5))
                    return .done(result: "{}", tokens: TokenCounts(), endpoint: nil)
                }
            }
            group.addTask {
                try await downstream.run(progress: nil, feed: feed) { unit in
                    // Slower than the upstream at first, so it sometimes finds nothing to claim
                    // and must wait on the feed rather than stop.
                    try await Task.sleep(for: .milliseconds(unit.key.hasPrefix("item-1") ? 1 : 8))
                    return .done(result: "{}", tokens: TokenCounts(), endpoint: nil)
                }
            }
            try await group.waitForAll()
        }
        #expect(try store.counts(stage: "up").done == 20)
        let down = try store.counts(stage: "down")
        #expect(down.done == 40)
        #expect(down.total == 40)
        #expect(try store.completionCounts(stage: "down").values.allSatisfy { $0 == 1 })
    }

    @Test func downstreamStageWaitsForAnIdleUpstream() async throws {
        // The downstream starts with nothing to do; it must not end before the feed says so.
        let store = try RunStore(directory: try TestPaths.temporaryDirectory("stages-idle"))
        let feed = StageFeed()
        let downstream = StageRunner(store: store, stage: "down", concurrency: 4)
        async let finished: Void = downstream.run(progress: nil, feed: feed) { _ in
            .done(result: "{}", tokens: TokenCounts(), endpoint: nil)
        }
        try await Task.sleep(for: .milliseconds(50))
        try store.enqueue(stage: "down", units: [(key: "late", payload: nil)])
        feed.signal()
        try await Task.sleep(for: .milliseconds(50))
        try store.enqueue(stage: "down", units: [(key: "later", payload: nil)])
        feed.finish()
        try await finished
        #expect(try store.counts(stage: "down").done == 2)
    }

    @Test func aCancelledWaiterOnTheFeedReturns() async {
        let feed = StageFeed()
        let waiter = Task { await feed.next(after: 0) }
        waiter.cancel()
        let news = await waiter.value
        #expect(news.generation == 0)
        #expect(!news.finished)
    }
}
