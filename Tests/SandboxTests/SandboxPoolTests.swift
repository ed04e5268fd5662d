import Foundation
import InstructData
import Testing
@testable import Sandbox

@Suite("SandboxPool: the three job shapes", .serialized)
struct SandboxPoolTests {
    @Test func assertionJobPassesAndFails() async throws {
        let pool = try TestSandbox.pool()
        defer { Task { await pool.shutdown() } }
        let program = "def add(a, b):\n    return a + b\n"
        let tests = "def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(-1, 1) == 0\n"
        let good = await pool.run(.assertion(program: program, tests: tests, checkFunction: "check", entryPoint: "add"))
        #expect(good.status == .passed)
        #expect(good.stage == "done")
        let wrong = await pool.run(.assertion(program: "def add(a, b):\n    return a - b\n", tests: tests,
                                              checkFunction: "check", entryPoint: "add"))
        #expect(wrong.status == .failed)
        #expect(wrong.exception == "AssertionError")
        let broken = await pool.run(.assertion(program: "def add(a, b)\n    return a\n", tests: tests,
                                               checkFunction: "check", entryPoint: "add"))
        #expect(broken.status == .error)
        #expect(broken.exception == "SyntaxError")
        let missing = await pool.run(.assertion(program: "x = 1\n", tests: tests, checkFunction: "check", entryPoint: "add"))
        #expect(missing.status == .failed)
        #expect(missing.exception == "NameError")
        let mbppStyle = await pool.run(.assertion(program: program, tests: "assert add(2, 2) == 4\nassert add(0, 0) == 0\n"))
        #expect(mbppStyle.status == .passed)
    }

    /// The tool starts workers from threads that block most signals, and a child inherits
    /// that mask; a job's own SIGALRM timer (evalplus's per-input limit) must still fire.
    @Test func aJobsAlarmFiresAndNoSignalIsBlocked() async throws {
        let pool = try TestSandbox.pool()
        defer { Task { await pool.shutdown() } }
        let program = """
            import signal
            class Alarm(Exception):
                pass
            def on_alarm(signum, frame):
                raise Alarm()
            signal.signal(signal.SIGALRM, on_alarm)
            signal.setitimer(signal.ITIMER_REAL, 0.1)
            fired = False
            try:
                while True:
                    pass
            except Alarm:
                fired = True

            """
        let tests = "assert fired\nassert not signal.pthread_sigmask(signal.SIG_BLOCK, [])\n"
        let result = await pool.run(.assertion(program: program, tests: tests))
        #expect(result.status == .passed, "\(result)")
    }

    @Test func outputIsCapturedAndExceptionsAreNamed() async throws {
        let pool = try TestSandbox.pool()
        defer { Task { await pool.shutdown() } }
        let result = await pool.run(.assertion(program: "import sys\nprint('hello out')\nprint('hello err', file=sys.stderr)\nraise KeyError('boom')\n",
                                               tests: ""))
        #expect(result.status == .error)
        #expect(result.exception == "KeyError")
        #expect(result.message == "'boom'")
        #expect(result.stdout == "hello out\n")
        #expect(result.stderr == "hello err\n")
        #expect(result.duration > 0)
    }

    @Test func functionCallReturnsTaggedOutputsAndCompares() async throws {
        let pool = try TestSandbox.pool()
        defer { Task { await pool.shutdown() } }
        let program = "def f(x, y=1):\n    if x < 0:\n        raise ValueError('negative')\n    return [x / 2, (x, y), {x}, None, 'a' * x]\n"
        let inputs: [JSONValue] = [[3], [-1], [2, 5]]
        let result = await pool.run(.functionCall(program: program, entryPoint: "f", inputs: inputs))
        #expect(result.status == .passed)
        let outputs = try #require(result.outputs)
        #expect(outputs.count == 3)
        #expect(outputs[0].repr == "[1.5, (3, 1), {3}, None, 'aaa']")
        #expect(outputs[1].status == "exception")
        #expect(outputs[1].exception == "ValueError")
        #expect(outputs[2].repr == "[1.0, (2, 5), {2}, None, 'aa']")
        // Feed the outputs back as expectations: the same code matches, a different one does not.
        let expected = outputs.map { $0.value ?? .null }
        let same = await pool.run(.functionCall(program: program, entryPoint: "f", inputs: [[3], [2, 5]],
                                                expected: [expected[0], expected[2]]))
        #expect(same.status == .passed)
        #expect(same.outputs?.allSatisfy { $0.match == true } == true)
        let other = "def f(x, y=1):\n    return [x / 2, [x, y], {x}, None, 'a' * x]\n"  // list, not tuple
        let differs = await pool.run(.functionCall(program: other, entryPoint: "f", inputs: [[3]], expected: [expected[0]]))
        #expect(differs.status == .failed)
        #expect(differs.outputs?.first?.match == false)
        // Plain JSON expectations work too (numbers, strings, lists compare as Python values).
        let plain = await pool.run(.functionCall(program: "def h(x):\n    return [x + 1, str(x)]\n", entryPoint: "h",
                                                 inputs: [[1], [2]], expected: [[2, "1"], [3, "3"]]))
        #expect(plain.status == .failed)
        #expect(plain.outputs?.map(\.match) == [true, false])
        // Float tolerance (evalplus atol).
        let close = await pool.run(.functionCall(program: "def g():\n    return 0.1 + 0.2\n", entryPoint: "g", inputs: [[]],
                                                 expected: [["f": "0.3"]], tolerance: 0))
        #expect(close.status == .passed)
        let far = await pool.run(.functionCall(program: "def g():\n    return 0.31\n", entryPoint: "g", inputs: [[]],
                                               expected: [["f": "0.3"]], tolerance: 0.001))
        #expect(far.status == .failed)
    }

    @Test func standardIOProgram() async throws {
        let pool = try TestSandbox.pool()
        defer { Task { await pool.shutdown() } }
        let program = "n = int(input())\nprint(sum(int(x) for x in input().split()) * n)\n"
        let result = await pool.run(.standardIO(program: program, input: "2\n1 2 3\n", expectedOutput: "12"))
        #expect(result.status == .passed)
        #expect(result.output == "12\n")
        let wrong = await pool.run(.standardIO(program: program, input: "2\n1 2 3\n", expectedOutput: "13"))
        #expect(wrong.status == .failed)
        #expect(wrong.exception == "WrongOutput")
        let noInput = await pool.run(.standardIO(program: program, input: ""))
        #expect(noInput.status == .error)
        #expect(noInput.exception == "EOFError")
    }

    @Test func missingBubblewrapMessageNamesThePackage() {
        let text = SandboxError.bubblewrapMissing.description
        #expect(text.contains("Debian package `bubblewrap`"))
        #expect(text.contains("--no-isolation"))
    }

    @Test func pythonInterpreterResolvesARealInstallation() throws {
        let python = try PythonInstallation.resolve()
        #expect(FileManager.default.isExecutableFile(atPath: python.executable))
        #expect(!python.roots.isEmpty)
        #expect(python.roots.allSatisfy { $0.hasPrefix("/") })
        #expect(PythonInstallation.minimal(["/a/b", "/a", "/c/", "/a/b/c"]) == ["/a", "/c"])
    }

    @Test func manyJobsConcurrentlyAllGetTheirOwnResult() async throws {
        let pool = try TestSandbox.pool(workers: 3)
        defer { Task { await pool.shutdown() } }
        let results = await withTaskGroup(of: (Int, JobResult).self) { group in
            for i in 0..<60 {
                group.addTask {
                    let job = SandboxJob.functionCall(program: "def f(x):\n    return x * x\n", entryPoint: "f", inputs: [[.int(i)]])
                    return (i, await pool.run(job))
                }
            }
            var all: [Int: JobResult] = [:]
            for await (i, result) in group { all[i] = result }
            return all
        }
        #expect(results.count == 60)
        for (i, result) in results {
            #expect(result.status == .passed)
            #expect(result.outputs?.first?.repr == String(i * i))
        }
    }

    @Test func shutdownLeavesNoWorkerProcesses() async throws {
        let pool = try TestSandbox.pool(workers: 2)
        try await pool.warmUp()
        // Each worker is a bwrap process, its namespace init and the Python worker.
        #expect(TestSandbox.processes(matching: pool.identifier).count >= 2)
        let result = await pool.run(.assertion(program: "import time\ntime.sleep(0.1)\n", tests: ""))
        #expect(result.status == .passed)
        await TestSandbox.shutDownCleanly(pool)
    }

    @Test func noIsolationRunsWithoutBubblewrap() async throws {
        let pool = try TestSandbox.pool(workers: 1, isolation: .none)
        defer { Task { await pool.shutdown() } }
        let result = await pool.run(.assertion(program: "def f():\n    return 1\n", tests: "assert f() == 1\n"))
        #expect(result.status == .passed)
        let timeout = await pool.run({ var job = SandboxJob.assertion(program: "while True: pass\n", tests: ""); job.timeout = 0.5; return job }())
        #expect(timeout.status == .timeout)
    }
}
