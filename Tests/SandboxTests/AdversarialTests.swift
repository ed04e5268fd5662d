import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Sandbox

/// Hostile programs. Each must be contained: not passed (unless it is harmless and passes its
/// own trivial test), no process left on the host, nothing written outside the sandbox.
@Suite("Sandbox: adversarial programs", .serialized)
struct AdversarialTests {
    private func job(_ program: String, tests: String = "", timeout: Double = 2) -> SandboxJob {
        var job = SandboxJob.assertion(program: program, tests: tests)
        job.timeout = timeout
        return job
    }

    @Test func forkBomb() async throws {
        let pool = try TestSandbox.pool(workers: 1)
        let marker = TestSandbox.marker("fb")
        let result = await pool.run(job(TestSandbox.rename(to: marker) + """
            import os
            while True:
                try:
                    os.fork()
                except OSError:
                    pass
            """))
        #expect(result.status != .passed)
        #expect(await TestSandbox.strays(marker).isEmpty)
        // The worker is still usable afterwards.
        let after = await pool.run(job("x = 1\n", tests: "assert x == 1\n"))
        #expect(after.status == .passed)
        await TestSandbox.shutDownCleanly(pool)
    }

    @Test func memoryBomb() async throws {
        let pool = try TestSandbox.pool(workers: 1)
        // Touching pages is slow on small VMs, so this bomb gets a smaller ceiling than the default.
        var bomb = job("blocks = []\nwhile True:\n    blocks.append(bytearray(32 << 20))\n", timeout: 20)
        bomb.limits = ResourceLimits(memoryBytes: 384 << 20)
        let result = await pool.run(bomb)
        #expect(result.status == .memory)
        let single = await pool.run(job("x = ' ' * (50 << 30)\n"))
        #expect(single.status == .memory)
        await TestSandbox.shutDownCleanly(pool)
    }

    @Test func infiniteLoop() async throws {
        let pool = try TestSandbox.pool(workers: 1)
        let marker = TestSandbox.marker("il")
        let result = await pool.run(job(TestSandbox.rename(to: marker) + "while True:\n    pass\n", timeout: 1))
        #expect(result.status == .timeout)
        #expect(await TestSandbox.strays(marker).isEmpty)
        await TestSandbox.shutDownCleanly(pool)
    }

    @Test func endlessPrinting() async throws {
        let pool = try TestSandbox.pool(workers: 1)
        let result = await pool.run(job("while True:\n    print('spam' * 256)\n"))
        #expect(result.status != .passed)
        #expect(result.stdoutBytes <= ResourceLimits.standard.fileSizeBytes)
        #expect(result.stdout.count <= 4096)
        #expect(result.stdout.hasSuffix("spam\n") || result.stdout.contains("spam"))
        // Printing that swallows the error goes on until the timeout; still capped.
        let stubborn = await pool.run(job("while True:\n    try:\n        print('x' * 4096)\n    except OSError:\n        pass\n", timeout: 1))
        #expect(stubborn.status == .timeout)
        #expect(stubborn.stdoutBytes <= ResourceLimits.standard.fileSizeBytes)
        await TestSandbox.shutDownCleanly(pool)
    }

    @Test func childSleepingAfterItsParentExits() async throws {
        let pool = try TestSandbox.pool(workers: 1)
        let marker = TestSandbox.marker("orphan")
        // A double fork into a new session, then exec, so nothing links it to the job but the sandbox.
        let result = await pool.run(job("""
            import os
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    os.execv('/bin/sh', ['sh', '-c', 'sleep 1000; echo \(marker)'])
                os._exit(0)
            def f():
                return 1
            """, tests: "import time\ntime.sleep(0.2)\nassert f() == 1\n"))
        #expect(result.status == .passed)
        #expect(await TestSandbox.strays(marker).isEmpty)
        await TestSandbox.shutDownCleanly(pool)
    }

    @Test func processIgnoringSIGTERM() async throws {
        let pool = try TestSandbox.pool(workers: 1)
        let marker = TestSandbox.marker("term")
        let result = await pool.run(job(TestSandbox.rename(to: marker) + """
            import os, signal, time
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            if os.fork() == 0:
                os.setsid()
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                while True:
                    time.sleep(1)
            while True:
                time.sleep(1)
            """, timeout: 1))
        #expect(result.status == .timeout)
        #expect(await TestSandbox.strays(marker).isEmpty)
        await TestSandbox.shutDownCleanly(pool)
    }

    @Test func networkIsUnreachable() async throws {
        let listener = try LoopbackListener()
        let program = """
            import socket
            s = socket.create_connection(('127.0.0.1', \(listener.port)), timeout=1)
            """
        let pool = try TestSandbox.pool(workers: 1)
        let loopback = await pool.run(job(program))
        #expect(loopback.status == .error)
        #expect(loopback.exception == "ConnectionRefusedError")
        let outside = await pool.run(job("import socket\nsocket.create_connection(('1.1.1.1', 53), timeout=1)\n"))
        #expect(outside.status == .error)
        #expect(outside.exception == "OSError")  // Network is unreachable: no interface but lo
        await TestSandbox.shutDownCleanly(pool)
        // Without isolation the same program does connect: the test above is meaningful.
        let open = try TestSandbox.pool(workers: 1, isolation: .none)
        let reached = await open.run(job(program))
        #expect(reached.status == .passed)
        await TestSandbox.shutDownCleanly(open)
    }

    @Test func writingIntoHomeOrTheProjectFails() async throws {
        let pool = try TestSandbox.pool(workers: 1)
        let marker = TestSandbox.marker("written")
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        let targets = ["\(home)/\(marker)", "\(TestSandbox.repositoryRoot)/\(marker)", "/tmp/\(marker)",
                       "\(TestSandbox.repositoryRoot)/Package.swift"]
        for target in targets {
            let result = await pool.run(job("open('\(target)', 'a').write('x')\n"))
            #expect(result.status == .error, "writing \(target)")
            #expect(["FileNotFoundError", "PermissionError", "OSError"].contains(result.exception ?? ""))
        }
        // A file the job may write (its own /tmp) does not reach the host.
        let inside = await pool.run(job("open('/tmp/\(marker)', 'w').write('x')\nopen('\(marker)', 'w').write('x')\n"))
        #expect(inside.status == .passed || inside.status == .error)
        for target in targets.dropLast() {
            #expect(!FileManager.default.fileExists(atPath: target), "\(target) was created")
        }
        let package = try String(contentsOfFile: "\(TestSandbox.repositoryRoot)/Package.swift", encoding: .utf8)
        #expect(package.contains("swift-tools-version"))
        await TestSandbox.shutDownCleanly(pool)
    }

    @Test func readingAFileFromTheProjectFails() async throws {
        let pool = try TestSandbox.pool(workers: 1)
        let path = "\(TestSandbox.repositoryRoot)/Package.swift"
        #expect(FileManager.default.fileExists(atPath: path))
        let result = await pool.run(job("print(open('\(path)').read())\n"))
        #expect(result.status == .error)
        #expect(result.exception == "FileNotFoundError")
        #expect(!result.stdout.contains("swift-tools-version"))
        let home = await pool.run(job("import os\nprint(os.listdir(os.path.expanduser('~')))\nprint(os.listdir('/'))\n"))
        #expect(!home.stdout.contains("work"))
        await TestSandbox.shutDownCleanly(pool)
    }

    @Test func exitingBeforeTheTestsRunIsNotAPass() async throws {
        let pool = try TestSandbox.pool(workers: 1)
        let tests = "def check(candidate):\n    assert candidate() == 2\n"
        for exit in ["import os\nos._exit(0)\n", "import sys\nsys.exit(0)\n", "exit(0)\n", "raise SystemExit\n",
                     "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"] {
            let result = await pool.run(.assertion(program: "def f():\n    return 1\n" + exit, tests: tests,
                                                   checkFunction: "check", entryPoint: "f"))
            #expect(result.status != .passed, "\(exit)")
        }
        let early = await pool.run(.assertion(program: "import os\nos._exit(0)\n", tests: tests, checkFunction: "check", entryPoint: "f"))
        #expect(early.status == .error)
        #expect(early.exception == "EarlyExit")
        // Exiting from inside the function under test, during check.
        let during = await pool.run(.assertion(program: "import os\ndef f():\n    os._exit(0)\n", tests: tests,
                                               checkFunction: "check", entryPoint: "f"))
        #expect(during.status == .error)
        await TestSandbox.shutDownCleanly(pool)
    }

    @Test func monkeyPatchingTheCheckerIsNotAPass() async throws {
        let pool = try TestSandbox.pool(workers: 1)
        let tests = "def check(candidate):\n    assert candidate() == 2\n"
        // Swap `check` for a no-op as soon as the tests define it: an audit hook (which cannot be
        // removed) installs a trace function when the harness execs the tests.
        let swapCheck = """
            import sys
            def f():
                return 1
            def _trace(frame, event, arg):
                if frame.f_code.co_filename == '<tests>' and 'check' in frame.f_globals \\
                        and getattr(frame.f_globals['check'], '__name__', '') == 'check':
                    frame.f_globals['check'] = lambda candidate: None
                return _trace
            def _audit(event, args):
                if event == 'exec':
                    sys.settrace(_trace)
            sys.addaudithook(_audit)
            """
        let swapped = await pool.run(.assertion(program: swapCheck, tests: tests, checkFunction: "check", entryPoint: "f"))
        #expect(swapped.status == .failed)
        #expect(swapped.exception == "TamperedCheck")
        // Patch what a naive harness would use to report: exit functions, os.write, AssertionError.
        let patchHarness = """
            import os, sys, builtins
            def f():
                return 1
            _real = os._exit
            os._exit = lambda code=0: _real(0)
            sys.exit = lambda code=0: _real(0)
            os.write = lambda fd, data: len(data)
            builtins.AssertionError = type('Nothing', (Exception,), {})
            """
        let patched = await pool.run(.assertion(program: patchHarness, tests: tests, checkFunction: "check", entryPoint: "f"))
        #expect(patched.status == .failed)
        #expect(patched.exception == "AssertionError")
        // Forge a verdict on every descriptor without the nonce.
        let forge = """
            import os, json
            def f():
                return 1
            for fd in range(3, 1024):
                try:
                    os.write(fd, b'{"status": "passed", "stage": "done"}\\n')
                except OSError:
                    pass
            os._exit(0)
            """
        let forged = await pool.run(.assertion(program: forge, tests: tests, checkFunction: "check", entryPoint: "f"))
        #expect(forged.status == .error)
        #expect(forged.exception == "EarlyExit")
        await TestSandbox.shutDownCleanly(pool)
    }

    @Test func aWorkerKilledMidJobIsReportedKilledAndReplaced() async throws {
        let pool = try TestSandbox.pool(workers: 1)
        try await pool.warmUp()
        let idle = TestSandbox.processes(matching: pool.identifier).count
        let running = Task { await pool.run(job("import time\ntime.sleep(5)\n", tests: "assert True\n", timeout: 10)) }
        // Kill only once the job runs (its forked child appears), however slow the machine is.
        var workers: [Int32] = []
        for _ in 0..<500 where workers.count <= idle {
            try await Task.sleep(for: .milliseconds(20))
            workers = TestSandbox.processes(matching: pool.identifier)
        }
        #expect(workers.count > idle, "the job never started")
        for pid in workers { kill(pid, SIGKILL) }
        let result = await running.value
        #expect(result.status == .killed)
        #expect(result.exception == "WorkerDied")
        let after = await pool.run(job("x = 3\n", tests: "assert x == 3\n"))
        #expect(after.status == .passed)
        await TestSandbox.shutDownCleanly(pool)
    }

    @Test func aDeadWorkerIsReplacedAndItsJobIsNotPassed() async throws {
        let pool = try TestSandbox.pool(workers: 1)
        // Try to kill the worker (the job's parent). As root the job has another uid and cannot;
        // as a user it can. Either way the job must not pass and the pool must go on.
        let result = await pool.run(.assertion(program: "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nimport time\ntime.sleep(5)\n",
                                               tests: "assert True\n"))
        #expect(result.status != .passed)
        let after = await pool.run(.assertion(program: "x = 2\n", tests: "assert x == 2\n"))
        #expect(after.status == .passed)
        await TestSandbox.shutDownCleanly(pool)
    }
}
