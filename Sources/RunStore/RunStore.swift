import Foundation
import GRDB

/// The record of a run: one SQLite database (WAL mode) per run directory holding every unit
/// of work of every stage. A unit's result and its status change commit in one transaction,
/// so a run killed at any instant resumes without losing or repeating a finished unit.
///
/// Safe to share between tasks and threads, and between processes on one machine (SQLite
/// locking; writers wait on each other rather than fail).
public final class RunStore: Sendable {
    public let directory: URL
    public let databasePath: String
    private let pool: DatabasePool

    public static let fileName = "run.sqlite"

    /// Opens (creating if needed) the store of the run directory.
    public init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        databasePath = directory.appendingPathComponent(Self.fileName).path
        var configuration = Configuration()
        configuration.busyMode = .timeout(60)
        configuration.prepareDatabase { db in
            // NORMAL is durable in WAL mode except for the last transactions before a power
            // loss; a killed process loses nothing that committed.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try Self.openAndMigrate(path: databasePath, configuration: configuration)
    }

    /// Opens the pool and brings the schema up to date. Another process opening the same new
    /// store at that moment (a run starting while `status` looks) can hold the lock that
    /// switching to WAL needs, which SQLite reports at once instead of waiting, or create the
    /// schema first; both are retried or accepted rather than failing the open.
    private static func openAndMigrate(path: String, configuration: Configuration) throws -> DatabasePool {
        var attempt = 0
        while true {
            do {
                let pool = try DatabasePool(path: path, configuration: configuration)
                do {
                    try migrator.migrate(pool)
                } catch {
                    guard (try? pool.read({ try migrator.hasCompletedMigrations($0) })) == true else { throw error }
                }
                return pool
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 200 {
                attempt += 1
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
    }

    /// Opens an existing store without creating one (for `status`).
    public static func openExisting(directory: URL) throws -> RunStore? {
        let path = directory.appendingPathComponent(fileName).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try RunStore(directory: directory)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: String(decoding: PackageResources.schema_v1_sql, as: UTF8.self))
        }
        return migrator
    }

    // MARK: - Enqueue

    /// Adds units that are not there yet, in order; existing units (any status) are left
    /// alone, which is what makes re-running a command resume instead of restart.
    /// Returns how many were new.
    @discardableResult
    public func enqueue(stage: String, units: [(key: String, payload: String?)]) throws -> Int {
        let now = Date().timeIntervalSince1970
        return try pool.write { db in
            var next = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(seq), 0) + 1 FROM unit WHERE stage = ?",
                                        arguments: [stage]) ?? 1
            let statement = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO unit (stage, key, payload, created_at, seq) VALUES (?, ?, ?, ?, ?)
                """)
            var inserted = 0
            for unit in units {
                try statement.execute(arguments: [stage, unit.key, unit.payload, now, next])
                if db.changesCount > 0 {
                    inserted += 1
                    next += 1
                }
            }
            return inserted
        }
    }

    /// `enqueue` with payloads encoded from `Encodable` values.
    @discardableResult
    public func enqueue<P: Encodable>(stage: String, encoding units: [(key: String, payload: P)]) throws -> Int {
        let encoder = Self.encoder
        let encoded: [(key: String, payload: String?)] = try units.map {
            ($0.key, String(decoding: try encoder.encode($0.payload), as: UTF8.self))
        }
        return try enqueue(stage: stage, units: encoded)
    }

    // MARK: - Claim, complete, fail

    /// Marks up to `limit` runnable units of the stage as running and returns them, oldest
    /// first. Runnable: pending, or failed with fewer than `maxAttempts` attempts.
    public func claim(stage: String, limit: Int, maxAttempts: Int = 3) throws -> [WorkUnit] {
        let claim = UUID().uuidString
        let now = Date().timeIntervalSince1970
        return try pool.write { db in
            let keys = try String.fetchAll(db, sql: """
                SELECT key FROM unit
                WHERE stage = ? AND (status = 'pending' OR (status = 'failed' AND attempts < ?))
                ORDER BY seq LIMIT ?
                """, arguments: [stage, maxAttempts, limit])
            let update = try db.cachedStatement(sql: """
                UPDATE unit SET status = 'running', attempts = attempts + 1, claim = ?, started_at = ?
                WHERE stage = ? AND key = ?
                """)
            for key in keys { try update.execute(arguments: [claim, now, stage, key]) }
            return try keys.compactMap { try Self.fetchUnit(db, stage: stage, key: $0) }
        }
    }

    /// Claims the named units of a stage, those that are runnable (e.g. results arriving from a
    /// batch file, in any order). Units already done or running are skipped.
    public func claim(stage: String, keys: [String], maxAttempts: Int = 3) throws -> [WorkUnit] {
        let claim = UUID().uuidString
        let now = Date().timeIntervalSince1970
        return try pool.write { db in
            let update = try db.cachedStatement(sql: """
                UPDATE unit SET status = 'running', attempts = attempts + 1, claim = ?, started_at = ?
                WHERE stage = ? AND key = ? AND (status = 'pending' OR (status = 'failed' AND attempts < ?))
                """)
            var claimed: [String] = []
            for key in keys {
                try update.execute(arguments: [claim, now, stage, key, maxAttempts])
                if db.changesCount == 1 { claimed.append(key) }
            }
            return try claimed.compactMap { try Self.fetchUnit(db, stage: stage, key: $0) }
        }
    }

    /// Runnable units of a stage (pending, or failed with attempts left), without claiming them.
    public func runnable(stage: String, maxAttempts: Int = 3) throws -> [WorkUnit] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM unit WHERE stage = ? AND (status = 'pending' OR (status = 'failed' AND attempts < ?))
                ORDER BY seq
                """, arguments: [stage, maxAttempts]).map(Self.unit(from:))
        }
    }

    /// Records a unit's result and marks it done, in one transaction. Returns false (and
    /// changes nothing) when the unit is not running under this claim any more, e.g. it was
    /// already completed: a unit is done at most once.
    @discardableResult
    public func complete(_ unit: WorkUnit, result: String, usage: TokenCounts = TokenCounts(),
                         endpoint: String? = nil) throws -> Bool {
        let now = Date().timeIntervalSince1970
        return try pool.write { db in
            try db.execute(sql: """
                UPDATE unit SET status = 'done', result = ?, error = NULL, finished_at = ?,
                    prompt_tokens = prompt_tokens + ?, completion_tokens = completion_tokens + ?,
                    endpoint = COALESCE(?, endpoint), claim = NULL
                WHERE stage = ? AND key = ? AND status = 'running' AND claim IS ?
                """, arguments: [result, now, usage.promptTokens, usage.completionTokens, endpoint,
                                 unit.stage, unit.key, unit.claim])
            guard db.changesCount == 1 else { return false }
            try db.execute(sql: "INSERT INTO journal (stage, key, event, at) VALUES (?, ?, 'done', ?)",
                           arguments: [unit.stage, unit.key, now])
            return true
        }
    }

    /// `complete` with a result encoded from an `Encodable` value.
    @discardableResult
    public func complete<R: Encodable>(_ unit: WorkUnit, encoding result: R, usage: TokenCounts = TokenCounts(),
                                       endpoint: String? = nil) throws -> Bool {
        try complete(unit, result: String(decoding: try Self.encoder.encode(result), as: UTF8.self),
                     usage: usage, endpoint: endpoint)
    }

    /// Records a failure. `final` failures are not retried; others are retried by `claim`
    /// while attempts remain. The error text is kept either way.
    @discardableResult
    public func fail(_ unit: WorkUnit, error: String, final: Bool = false, usage: TokenCounts = TokenCounts(),
                     endpoint: String? = nil) throws -> Bool {
        let now = Date().timeIntervalSince1970
        return try pool.write { db in
            try db.execute(sql: """
                UPDATE unit SET status = 'failed', error = ?, finished_at = ?,
                    attempts = CASE WHEN ? THEN 1000000 ELSE attempts END,
                    prompt_tokens = prompt_tokens + ?, completion_tokens = completion_tokens + ?,
                    endpoint = COALESCE(?, endpoint), claim = NULL
                WHERE stage = ? AND key = ? AND status = 'running' AND claim IS ?
                """, arguments: [error, now, final, usage.promptTokens, usage.completionTokens, endpoint,
                                 unit.stage, unit.key, unit.claim])
            guard db.changesCount == 1 else { return false }
            try db.execute(sql: "INSERT INTO journal (stage, key, event, at, detail) VALUES (?, ?, 'failed', ?, ?)",
                           arguments: [unit.stage, unit.key, now, error])
            return true
        }
    }

    /// Puts units left running by a process that died back to pending. Call it once at the
    /// start of a run, while holding the run's `RunLock`, before claiming anything.
    @discardableResult
    public func recoverInterrupted(stage: String? = nil) throws -> Int {
        try pool.write { db in
            if let stage {
                try db.execute(sql: "UPDATE unit SET status = 'pending', claim = NULL WHERE status = 'running' AND stage = ?",
                               arguments: [stage])
            } else {
                try db.execute(sql: "UPDATE unit SET status = 'pending', claim = NULL WHERE status = 'running'")
            }
            return db.changesCount
        }
    }

    /// Removes the unfinished units of a stage whose keys do not end with `suffix` (work that
    /// earlier settings asked for and nobody needs now). Finished units stay.
    @discardableResult
    public func discardUnfinished(stage: String, keepingKeysEndingWith suffix: String) throws -> Int {
        try pool.write { db in
            try db.execute(sql: """
                DELETE FROM unit WHERE stage = ? AND status IN ('pending', 'failed', 'running')
                AND substr(key, -length(?)) != ?
                """, arguments: [stage, suffix, suffix])
            return db.changesCount
        }
    }

    /// Makes failed units of a stage runnable again (e.g. `--retry-failed`).
    @discardableResult
    public func resetFailed(stage: String) throws -> Int {
        try pool.write { db in
            try db.execute(sql: "UPDATE unit SET status = 'pending', attempts = 0 WHERE status = 'failed' AND stage = ?",
                           arguments: [stage])
            return db.changesCount
        }
    }

    // MARK: - Reading

    public func unit(stage: String, key: String) throws -> WorkUnit? {
        try pool.read { db in try Self.fetchUnit(db, stage: stage, key: key) }
    }

    /// Units of a stage in enqueue order, optionally of one status.
    public func units(stage: String, status: UnitStatus? = nil) throws -> [WorkUnit] {
        try pool.read { db in
            let rows: [Row]
            if let status {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM unit WHERE stage = ? AND status = ? ORDER BY seq",
                                        arguments: [stage, status.rawValue])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM unit WHERE stage = ? ORDER BY seq", arguments: [stage])
            }
            return rows.map(Self.unit(from:))
        }
    }

    public func counts(stage: String) throws -> StageCounts {
        try pool.read { db in
            var counts = StageCounts()
            let rows = try Row.fetchAll(db, sql: """
                SELECT status, COUNT(*) AS n, SUM(prompt_tokens) AS p, SUM(completion_tokens) AS c,
                       SUM(CASE WHEN finished_at IS NOT NULL AND started_at IS NOT NULL
                                THEN finished_at - started_at ELSE 0 END) AS busy
                FROM unit WHERE stage = ? GROUP BY status
                """, arguments: [stage])
            for row in rows {
                let n: Int = row["n"]
                switch UnitStatus(rawValue: row["status"]) {
                case .pending: counts.pending = n
                case .running: counts.running = n
                case .done: counts.done = n
                case .failed: counts.failed = n
                case nil: break
                }
                counts.usage = counts.usage + TokenCounts(promptTokens: row["p"] ?? 0, completionTokens: row["c"] ?? 0)
                counts.busySeconds += row["busy"] ?? 0
            }
            return counts
        }
    }

    /// The stages that have units, in the order they first appeared.
    public func stages() throws -> [String] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT stage FROM unit GROUP BY stage ORDER BY MIN(created_at), MIN(rowid)")
        }
    }

    /// Tokens and time per stage and endpoint.
    public func usageByEndpoint() throws -> [EndpointUsage] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT stage, endpoint, COUNT(*) AS n, SUM(prompt_tokens) AS p, SUM(completion_tokens) AS c,
                       SUM(CASE WHEN finished_at IS NOT NULL AND started_at IS NOT NULL
                                THEN finished_at - started_at ELSE 0 END) AS busy
                FROM unit WHERE endpoint IS NOT NULL GROUP BY stage, endpoint ORDER BY stage, endpoint
                """).map { row in
                EndpointUsage(stage: row["stage"], endpoint: row["endpoint"], units: row["n"],
                              usage: TokenCounts(promptTokens: row["p"] ?? 0, completionTokens: row["c"] ?? 0),
                              busySeconds: row["busy"] ?? 0)
            }
        }
    }

    /// How many times each unit of a stage was completed, per the journal (always 0 or 1).
    public func completionCounts(stage: String) throws -> [String: Int] {
        try pool.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT key, COUNT(*) AS n FROM journal WHERE stage = ? AND event = 'done' GROUP BY key
                """, arguments: [stage]) {
                counts[row["key"]] = row["n"]
            }
            return counts
        }
    }

    // MARK: - Meta

    public func setMeta(_ key: String, _ value: String) throws {
        try pool.write { db in
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
    }

    public func meta(_ key: String) throws -> String? {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    // MARK: - Rows

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private static func fetchUnit(_ db: Database, stage: String, key: String) throws -> WorkUnit? {
        try Row.fetchOne(db, sql: "SELECT * FROM unit WHERE stage = ? AND key = ?", arguments: [stage, key])
            .map(unit(from:))
    }

    private static func unit(from row: Row) -> WorkUnit {
        WorkUnit(
            stage: row["stage"], key: row["key"],
            status: UnitStatus(rawValue: row["status"]) ?? .pending,
            attempts: row["attempts"], payload: row["payload"], result: row["result"], error: row["error"],
            usage: TokenCounts(promptTokens: row["prompt_tokens"], completionTokens: row["completion_tokens"]),
            endpoint: row["endpoint"],
            startedAt: (row["started_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            claim: row["claim"])
    }
}
