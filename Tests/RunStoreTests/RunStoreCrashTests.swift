import Foundation
import Testing
import TestSupport
@testable import RunStore

/// The exactly-once property under real processes: several writers at once, and workers
/// killed with SIGKILL at arbitrary moments, then resumed.
@Suite(.serialized) struct RunStoreCrashTests {
    let worker = TestPaths.product("run-store-worker")

    func expectExactlyOnce(_ store: RunStore, stage: String, count: Int) throws {
        let units = try store.units(stage: stage)
        #expect(units.count == count, "no unit lost or added")
        #expect(units.allSatisfy { $0.status == .done }, "every unit finished")
        #expect(units.allSatisfy { $0.result == "{\"value\":\"done-\($0.key)\"}" }, "every result belongs to its unit")
        let completions = try store.completionCounts(stage: stage)
        #expect(completions.count == count)
        #expect(completions.values.allSatisfy { $0 == 1 }, "no unit completed twice")
        #expect(try store.counts(stage: stage).usage.promptTokens == 3 * count)
    }

    @Test func concurrentWriterProcesses() async throws {
        let directory = try TestPaths.temporaryDirectory("concurrent")
        let store = try RunStore(directory: directory)
        let count = 3000
        try store.enqueue(stage: "work", units: (0..<count).map { ("u\($0)", nil as String?) })
        let processes = try (0..<4).map { _ in
            try ChildProcess.start(worker, ["work", directory.path, "work", "0", "16"])
        }
        // This process competes too, from several threads at once.
        try await onThreadOfItsOwn {
            DispatchQueue.concurrentPerform(iterations: 3) { _ in
                while let units = try? store.claim(stage: "work", limit: 8), !units.isEmpty {
                    for unit in units {
                        _ = try? store.complete(unit, result: "{\"value\":\"done-\(unit.key)\"}",
                                                usage: .init(promptTokens: 3, completionTokens: 2), endpoint: "in-process")
                    }
                }
            }
        }
        for process in processes {
            await ChildProcess.waitWithoutBlocking(process)
            #expect(process.terminationStatus == 0)
        }
        try expectExactlyOnce(store, stage: "work", count: count)
        #expect(try store.usageByEndpoint().count >= 2, "several writers took part")
    }

    @Test func killedWorkersResumeWithoutLossOrRepeat() async throws {
        let directory = try TestPaths.temporaryDirectory("crash")
        let store = try RunStore(directory: directory)
        let count = 1500
        try store.enqueue(stage: "work", units: (0..<count).map { ("u\($0)", nil as String?) })
        var lastDone = 0
        // Kill a worker three times at different moments, each after it made some progress.
        for round in 1...3 {
            let process = try ChildProcess.start(worker, ["work", directory.path, "work", "300", "4"])
            let target = lastDone + 100 * round
            let killed = try await ChildProcess.kill(process, when: { try store.counts(stage: "work").done >= target }, timeout: 60)
            #expect(killed)
            #expect(process.terminationReason == .uncaughtSignal)
            let counts = try store.counts(stage: "work")
            #expect(counts.done >= target)
            #expect(counts.total == count)
            lastDone = counts.done
            // The killed worker left claimed units running; the next run takes them back.
            try store.recoverInterrupted()
            #expect(try store.counts(stage: "work").running == 0)
        }
        let finisher = try ChildProcess.start(worker, ["work", directory.path, "work", "0", "32"])
        await ChildProcess.waitWithoutBlocking(finisher)
        #expect(finisher.terminationStatus == 0)
        try expectExactlyOnce(store, stage: "work", count: count)
    }

    @Test func processKilledMidTransactionLeavesAllOrNothing() async throws {
        let directory = try TestPaths.temporaryDirectory("midtx")
        _ = try RunStore(directory: directory)
        let count = 400_000
        let process = try ChildProcess.start(worker, ["enqueue", directory.path, "bulk", String(count)])
        try await Task.sleep(for: .milliseconds(700))  // the enqueue transaction is under way by now
        kill(process.processIdentifier, SIGKILL)
        await ChildProcess.waitWithoutBlocking(process)
        let store = try RunStore(directory: directory)
        let inserted = try store.counts(stage: "bulk").total
        #expect(inserted == 0 || inserted == count, "one transaction: all or nothing, got \(inserted)")
        // The store is intact and usable after the kill.
        #expect(try store.enqueue(stage: "after", units: [("a", nil)]) == 1)
    }
}
