// A worker process for the run store's crash and concurrency tests: claims units of a stage,
// "works" on each (a short sleep, then a result derived from the key) and completes it, until
// nothing is left. Tests kill it with SIGKILL at arbitrary moments.
//
// usage: run-store-worker work RUN_DIR STAGE DELAY_MICROSECONDS BATCH
//        run-store-worker enqueue RUN_DIR STAGE COUNT
import Foundation
import RunStore

let arguments = CommandLine.arguments
guard arguments.count >= 5 else {
    FileHandle.standardError.write(Data("usage: run-store-worker work|enqueue RUN_DIR STAGE ...\n".utf8))
    exit(2)
}
let store = try RunStore(directory: URL(fileURLWithPath: arguments[2]))
let stage = arguments[3]
switch arguments[1] {
case "work":
    let delay = UInt32(arguments[4]) ?? 0
    let batch = arguments.count > 5 ? Int(arguments[5]) ?? 8 : 8
    while true {
        let units = try store.claim(stage: stage, limit: batch)
        if units.isEmpty { break }
        for unit in units {
            if delay > 0 { usleep(delay) }
            try store.complete(unit, result: "{\"value\":\"done-\(unit.key)\"}",
                               usage: .init(promptTokens: 3, completionTokens: 2), endpoint: "worker-\(getpid())")
        }
    }
case "enqueue":
    let count = Int(arguments[4]) ?? 0
    try store.enqueue(stage: stage, units: (0..<count).map { (key: "k\($0)", payload: nil as String?) })
default:
    exit(2)
}
