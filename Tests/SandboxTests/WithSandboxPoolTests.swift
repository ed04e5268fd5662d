import Testing
@testable import Sandbox

@Suite("withSandboxPool", .serialized)
struct WithSandboxPoolTests {
    struct Planned: Error {}

    /// The pool is shut down when the body throws: its workers are gone and it takes no more jobs.
    @Test func shutsThePoolDownWhenTheBodyThrows() async throws {
        var escaped: SandboxPool?
        await #expect(throws: Planned.self) {
            try await withSandboxPool(SandboxConfiguration(workers: 1, timeout: 3)) { pool in
                escaped = pool
                try await pool.warmUp()
                #expect(!TestSandbox.processes(matching: pool.identifier).isEmpty)
                throw Planned()
            }
        }
        let pool = try #require(escaped)
        #expect(await TestSandbox.strays(pool.identifier).isEmpty)
        let after = await pool.run(.assertion(program: "x = 1", tests: "assert x == 1", checkFunction: nil, entryPoint: nil))
        #expect(after.status == .error && after.exception == "SandboxError")
    }

    @Test func returnsTheBodysResultAndShutsDown() async throws {
        var escaped: SandboxPool?
        let result = try await withSandboxPool(SandboxConfiguration(workers: 1, timeout: 3)) { pool in
            escaped = pool
            return await pool.run(.assertion(program: "x = 1", tests: "assert x == 1", checkFunction: nil, entryPoint: nil))
        }
        #expect(result.status == .passed)
        let pool = try #require(escaped)
        #expect(await TestSandbox.strays(pool.identifier).isEmpty)
    }
}
