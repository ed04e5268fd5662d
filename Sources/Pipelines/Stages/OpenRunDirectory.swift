import Foundation
import InstructData
import RunStore

/// A run directory opened for work: its lock (one process per run) and its store, with units
/// a killed process left running put back to pending. Both pipelines open their runs this way.
struct OpenRunDirectory {
    let lock: RunLock
    let store: RunStore

    /// Records `settings` under `settingsKey` in the store's meta table.
    init<S: Encodable>(_ directory: URL, settings: S, settingsKey: String) throws {
        do {
            lock = try RunLock(directory: directory)
        } catch let busy as RunLock.Busy {
            throw ToolError(.busy, busy.description)
        }
        store = try RunStore(directory: directory)
        try store.recoverInterrupted()
        try store.setMeta(settingsKey, String(decoding: try JSONEncoder.sorted.encode(settings), as: UTF8.self))
    }
}
