/// Runs `body` with a new pool and shuts the pool down when `body` ends, whether it returns,
/// throws or is cancelled, so no worker outlives the work it was started for.
///
///     let report = try await withSandboxPool(configuration) { pool in try await check(pool) }
public func withSandboxPool<Result>(
    _ configuration: SandboxConfiguration = SandboxConfiguration(),
    isolation: isolated (any Actor)? = #isolation,
    _ body: (SandboxPool) async throws -> Result
) async throws -> Result {
    let pool = try SandboxPool(configuration: configuration)
    do {
        let result = try await body(pool)
        await pool.shutdown()
        return result
    } catch {
        await pool.shutdown()
        throw error
    }
}
