import Foundation
import Testing
import TestSupport
@testable import RunStore

@Suite struct RunStoreBasics {
    func makeStore() throws -> RunStore {
        try RunStore(directory: TestPaths.temporaryDirectory("store"))
    }

    @Test func enqueueIsIdempotentAndKeepsOrder() throws {
        let store = try makeStore()
        #expect(try store.enqueue(stage: "s", units: [("b", nil), ("a", nil), ("c", "{\"x\":1}")]) == 3)
        #expect(try store.enqueue(stage: "s", units: [("a", nil), ("d", nil)]) == 1)
        #expect(try store.units(stage: "s").map(\.key) == ["b", "a", "c", "d"])
        #expect(try store.unit(stage: "s", key: "c")?.payload == "{\"x\":1}")
        #expect(try store.counts(stage: "s").pending == 4)
        // Stages are separate key spaces.
        #expect(try store.enqueue(stage: "t", units: [("a", nil)]) == 1)
        #expect(try store.stages() == ["s", "t"])
    }

    /// A run creating its store while another process opens it (`status`, a test watching)
    /// must not fail on the schema the other one created a moment earlier.
    @Test func openersOfANewStoreAtTheSameMomentAllSucceed() async throws {
        for round in 0..<20 {
            let directory = try TestPaths.temporaryDirectory("store-race-\(round)")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask { _ = try RunStore(directory: directory) }
                }
                try await group.waitForAll()
            }
            #expect(try RunStore(directory: directory).stages() == [])
        }
    }

    @Test func claimCompleteOnlyOnce() throws {
        let store = try makeStore()
        try store.enqueue(stage: "s", units: (0..<5).map { ("k\($0)", nil as String?) })
        let first = try store.claim(stage: "s", limit: 2)
        #expect(first.map(\.key) == ["k0", "k1"])
        #expect(first.allSatisfy { $0.status == .running && $0.attempts == 1 && $0.claim != nil })
        let second = try store.claim(stage: "s", limit: 10)
        #expect(second.map(\.key) == ["k2", "k3", "k4"])
        #expect(try store.claim(stage: "s", limit: 10).isEmpty)

        #expect(try store.complete(first[0], result: "{\"ok\":true}", usage: .init(promptTokens: 10, completionTokens: 4), endpoint: "e1"))
        // The same unit cannot be completed twice, nor failed after it is done.
        #expect(try store.complete(first[0], result: "{\"ok\":false}") == false)
        #expect(try store.fail(first[0], error: "late") == false)
        let done = try #require(try store.unit(stage: "s", key: "k0"))
        #expect(done.status == .done)
        #expect(done.result == "{\"ok\":true}")
        #expect(done.usage == TokenCounts(promptTokens: 10, completionTokens: 4))
        #expect(done.endpoint == "e1")
        #expect(try store.completionCounts(stage: "s") == ["k0": 1])
    }

    @Test func failuresRetryUntilAttemptsRunOut() throws {
        let store = try makeStore()
        try store.enqueue(stage: "s", units: [("a", nil), ("b", nil)])
        for attempt in 1...3 {
            let units = try store.claim(stage: "s", limit: 1, maxAttempts: 3)
            #expect(units.map(\.key) == ["a"])
            #expect(units.first?.attempts == attempt)
            try store.fail(try #require(units.first), error: "boom \(attempt)")
        }
        // Out of attempts: only b is left to claim; a keeps its last error.
        #expect(try store.claim(stage: "s", limit: 5, maxAttempts: 3).map(\.key) == ["b"])
        #expect(try store.unit(stage: "s", key: "a")?.error == "boom 3")
        #expect(try store.unit(stage: "s", key: "a")?.status == .failed)
        #expect(try store.resetFailed(stage: "s") == 1)
        #expect(try store.claim(stage: "s", limit: 5).map(\.key) == ["a"])
    }

    @Test func finalFailureIsNotRetried() throws {
        let store = try makeStore()
        try store.enqueue(stage: "s", units: [("a", nil)])
        let unit = try #require(try store.claim(stage: "s", limit: 1).first)
        try store.fail(unit, error: "unparsable reply: ...", final: true)
        #expect(try store.claim(stage: "s", limit: 1).isEmpty)
        #expect(try store.counts(stage: "s").failed == 1)
    }

    @Test func interruptedUnitsGoBackToPending() throws {
        let store = try makeStore()
        try store.enqueue(stage: "s", units: [("a", nil), ("b", nil)])
        let stale = try #require(try store.claim(stage: "s", limit: 1).first)
        #expect(try store.recoverInterrupted() == 1)
        let again = try #require(try store.claim(stage: "s", limit: 1).first)
        #expect(again.key == "a")
        #expect(again.attempts == 2)
        // The claim that died cannot complete the unit any more; the new one can.
        #expect(try store.complete(stale, result: "{}") == false)
        #expect(try store.complete(again, result: "{}"))
    }

    @Test func countsUsageAndMeta() throws {
        let store = try makeStore()
        try store.enqueue(stage: "s", units: (0..<4).map { ("k\($0)", nil as String?) })
        for (i, unit) in try store.claim(stage: "s", limit: 3).enumerated() {
            try store.complete(unit, result: "{}", usage: .init(promptTokens: 100, completionTokens: 10),
                               endpoint: i == 0 ? "http://a" : "http://b")
        }
        let counts = try store.counts(stage: "s")
        #expect(counts.done == 3)
        #expect(counts.pending == 1)
        #expect(counts.total == 4)
        #expect(counts.usage == TokenCounts(promptTokens: 300, completionTokens: 30))
        let byEndpoint = try store.usageByEndpoint()
        #expect(byEndpoint.map(\.endpoint) == ["http://a", "http://b"])
        #expect(byEndpoint.map(\.units) == [1, 2])
        try store.setMeta("config", "{\"k\":10}")
        try store.setMeta("config", "{\"k\":4}")
        #expect(try store.meta("config") == "{\"k\":4}")
        #expect(try store.meta("missing") == nil)
    }

    @Test func codableHelpers() throws {
        struct Payload: Codable, Equatable { var text: String; var n: Int }
        let store = try makeStore()
        try store.enqueue(stage: "s", encoding: [(key: "a", payload: Payload(text: "hi", n: 2))])
        let unit = try #require(try store.claim(stage: "s", limit: 1).first)
        #expect(try unit.decodedPayload(Payload.self) == Payload(text: "hi", n: 2))
        try store.complete(unit, encoding: Payload(text: "out", n: 3))
        #expect(try store.unit(stage: "s", key: "a")?.decodedResult(Payload.self) == Payload(text: "out", n: 3))
    }

    @Test func reopeningKeepsEverything() throws {
        let directory = try TestPaths.temporaryDirectory("reopen")
        do {
            let store = try RunStore(directory: directory)
            try store.enqueue(stage: "s", units: [("a", nil)])
            try store.complete(try #require(try store.claim(stage: "s", limit: 1).first), result: "{\"v\":1}")
        }
        let reopened = try #require(try RunStore.openExisting(directory: directory))
        #expect(try reopened.unit(stage: "s", key: "a")?.result == "{\"v\":1}")
        #expect(try RunStore.openExisting(directory: directory.appendingPathComponent("nope")) == nil)
    }

    @Test func discardUnfinishedKeepsFinishedAndMatchingUnits() throws {
        let store = try makeStore()
        try store.enqueue(stage: "s", units: [("a/old", nil), ("b/old", nil), ("a/new", nil), ("c/old", nil)])
        try store.complete(try #require(try store.claim(stage: "s", limit: 1).first), result: "{}")  // a/old done
        #expect(try store.discardUnfinished(stage: "s", keepingKeysEndingWith: "/new") == 2)
        #expect(try store.units(stage: "s").map(\.key) == ["a/old", "a/new"])
    }

    @Test func runLockIsExclusive() throws {
        let directory = try TestPaths.temporaryDirectory("lock")
        let lock = try RunLock(directory: directory)
        #expect(throws: RunLock.Busy.self) { try RunLock(directory: directory) }
        _ = lock
    }
}
