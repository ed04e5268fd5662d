import Benchmarks
import Foundation
import InstructData
import Sandbox
import Testing
@testable import Evaluation

#if canImport(Glibc)
import Glibc
#endif

/// MultiPL-E checking in the sandbox: right and wrong answers in each language, and hostile
/// programs that must be contained. Few Java and Swift programs: a JVM start or a swiftc run
/// takes seconds on two cores.
@Suite(.serialized) struct MultiPLETests {
    static func pool(_ languages: [MultiPLELanguage], workers: Int = 2) throws -> (SandboxPool, [MultiPLELanguage: MultiPLEToolchain]) {
        var toolchains: [MultiPLELanguage: MultiPLEToolchain] = [:]
        for language in languages {
            do {
                toolchains[language] = try MultiPLEToolchain.locate(language)
            } catch {
                Issue.record("\(error): run scripts/setup.sh")
                throw error
            }
        }
        var configuration = SandboxConfiguration(workers: workers)
        configuration.readOnlyPaths = toolchains.values.flatMap(\.readOnlyPaths)
        return (try SandboxPool(configuration: configuration), toolchains)
    }

    static func problem(_ language: MultiPLELanguage, _ name: String) throws -> MultiPLEProblem {
        let problems = try MultiPLEData.problems(language)
        return try #require(problems.first { $0.name == name }, "no \(name) in \(language)")
    }

    @Test(arguments: MultiPLELanguage.allCases)
    func rightAnswersPassAndAWrongOneFails(_ language: MultiPLELanguage) async throws {
        let (pool, toolchains) = try Self.pool([language])
        defer { Task { await pool.shutdown() } }
        let toolchain = try #require(toolchains[language])
        let problems = try MultiPLEData.problems(language)
        let wrong = MultiPLESamples.wrong(language)
        let cases = MultiPLESamples.correct(language) + [wrong]
        // The wrong one twice: identical programs are checked once and get the same verdict.
        let samples = (cases + [wrong]).map { Sample(taskID: $0.task, code: $0.completion, kind: .completion) }
        let report = try await MultiPLEChecker(pool: pool, toolchain: toolchain).evaluate(problems: problems, samples: samples)
        let verdicts = report.results.map { "\($0.taskID) \($0.status.rawValue) \($0.message ?? "")" }
        #expect(report.results.map(\.passed) == [true, true, false, false], "\(verdicts)")
        #expect(report.results[2].stage == "run" && report.results[2].status == .failed, "\(verdicts)")
        // The message names the step and keeps the end of its output: the failing assertion.
        let message = report.results[2].message ?? ""
        #expect(message.hasPrefix("run: "), "\(verdicts)")
        #expect(Self.failingAssertion[language].map { message.contains($0) } == true, "\(verdicts)")
        #expect(report.tasks == 2 || report.tasks == 3)
        await pool.shutdown()
    }

    /// What each language's tests print when an assertion fails.
    static let failingAssertion: [MultiPLELanguage: String] = [
        .java: "AssertionError", .js: "AssertionError", .cpp: "Assertion", .php: "Test failed", .swift: "Assertion failed",
        .rs: "panicked",
    ]

    @Test func programAssemblyAndStopTokens() throws {
        let problem = try Self.problem(.cpp, "HumanEval_53_add")
        #expect(problem.program(completion: "    return x + y;") == problem.prompt + "    return x + y;\n" + problem.tests)
        #expect(problem.cut("    return x + y;\n}\n\nint main() {}") == "    return x + y;")
        let js = try Self.problem(.js, "HumanEval_53_add")
        #expect(js.cut("  return x + y;\n}\nconsole.log(add(1, 2))") == "  return x + y;\n}")
        #expect(MultiPLELanguage.list("java,javascript,c++,rust") == [.java, .js, .cpp, .rs])
        #expect(MultiPLELanguage.list("java,cobol") == nil)
        #expect(try MultiPLEData.problems(.rs).count == 156)
    }

    /// The sandbox's php loads the modules the host's does (Debian builds ctype and others as
    /// modules that /etc/php's ini files load): model samples call `ctype_upper()`.
    @Test func phpHasTheHostsExtensions() async throws {
        let (pool, toolchains) = try Self.pool([.php])
        defer { Task { await pool.shutdown() } }
        let toolchain = try #require(toolchains[.php])
        let result = await pool.run(toolchain.job(program: """
            <?php
            if (!ctype_upper("AB") || ctype_upper("aB")) { throw new Exception("ctype_upper"); }
            echo implode(",", get_loaded_extensions());
            """, limits: MultiPLELimits(runTimeout: 10)))
        #expect(result.status == .passed, "\(result)")
        await pool.shutdown()
    }

    /// One job per hostile program, in a pool that must keep working afterwards.
    @Test func hostileProgramsAreContained() async throws {
        let marker = "mpe\(UInt32.random(in: 100_000...999_999))"
        let hostFile = "/tmp/\(marker)-written-by-sample"
        let (pool, toolchains) = try Self.pool([.js, .cpp, .rs, .php])
        defer { Task { await pool.shutdown() } }
        func run(_ language: MultiPLELanguage, _ source: String,
                 limits: MultiPLELimits = MultiPLELimits(runTimeout: 2)) async throws -> JobResult {
            let toolchain = try #require(toolchains[language])
            return await pool.run(toolchain.job(program: source, limits: limits))
        }
        let started = Date()

        let loop = try await run(.js, "while (true) {}\n")
        #expect(loop.status == .timeout, "\(loop)")

        let rustLoop = try await run(.rs, "fn main() { let mut i: u64 = 0; loop { i = i.wrapping_add(1); } }\n")
        #expect(rustLoop.status == .timeout, "\(rustLoop)")

        let output = try await run(.php, "<?php\nwhile (true) { echo str_repeat('x', 65536); }\n")
        #expect(output.stdoutBytes <= 1 << 20, "\(output.stdoutBytes)")
        #expect(output.status != .passed)

        let escape = try await run(.cpp, """
            #include <cstdio>
            #include <initializer_list>
            int main() {
                for (const char* path : {"\(hostFile)", "/usr/\(marker)", "/etc/\(marker)", "/opt/\(marker)"}) {
                    if (FILE* f = fopen(path, "w")) { fputs("escaped", f); fclose(f); }
                }
                return 0;
            }
            """)
        #expect(escape.status == .passed, "\(escape)")
        for path in [hostFile, "/usr/\(marker)", "/etc/\(marker)", "/opt/\(marker)"] {
            #expect(!FileManager.default.fileExists(atPath: path), "\(path) was written on the host")
        }

        // A fork bomb whose processes carry the marker as their name, so strays can be found.
        let bomb = try await run(.cpp, """
            #include <sys/prctl.h>
            #include <unistd.h>
            int main() {
                prctl(PR_SET_NAME, "\(marker)");
                for (;;) { fork(); }
            }
            """)
        #expect(bomb.status == .timeout || bomb.status == .failed || bomb.status == .killed, "\(bomb)")

        let jsBomb = try await run(.js, """
            const { spawn } = require('node:child_process');
            for (;;) { try { spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true }); } catch (e) {} }
            """)
        #expect(jsBomb.status != .passed, "\(jsBomb)")

        // 2^31 distinct template instantiations: the compiler meets its limit, not the machine's.
        var compileLimits = MultiPLELimits(compileTimeout: 3, compileMemory: 1 << 30, runTimeout: 2)
        compileLimits.runMemory = 1 << 30
        let compilerBomb = try await run(.cpp, """
            template<int N, long K> struct F { static constexpr long v = F<N - 1, 2 * K>::v + F<N - 1, 2 * K + 1>::v; };
            template<long K> struct F<0, K> { static constexpr long v = 1; };
            int main() { return F<30, 0>::v == 0; }
            """, limits: compileLimits)
        #expect(compilerBomb.stage == "compile" && compilerBomb.status != .passed, "\(compilerBomb)")
        #expect(Date().timeIntervalSince(started) < 60)

        // The run goes on: the same pool still checks a good program.
        let after = try await run(.js, "const assert = require('node:assert');\nassert.deepEqual(1 + 1, 2);\n")
        #expect(after.status == .passed, "\(after)")
        await pool.shutdown()
        #expect(await Self.strays(marker).isEmpty, "processes of the fork bomb are still running")
        try? FileManager.default.removeItem(atPath: hostFile)
    }

    @Test func missingToolchainNamesTheDebianPackage() {
        let error = #expect(throws: ToolError.self) {
            _ = try MultiPLEToolchain.find("rustc", package: "rustc", language: .rs, directories: ["/nonexistent"])
        }
        #expect(error?.code == .missing)
        #expect(error?.message.contains("install the Debian package rustc") == true)
    }

    /// Host processes whose name or command line holds `marker`, after a grace for reaping.
    static func strays(_ marker: String) async -> [Int32] {
        func scan() -> [Int32] {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
            return entries.compactMap(Int32.init).filter { pid in
                ["comm", "cmdline"].contains { file in
                    FileManager.default.contents(atPath: "/proc/\(pid)/\(file)").map {
                        String(decoding: $0.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(marker)
                    } ?? false
                }
            }
        }
        for _ in 0..<50 where !scan().isEmpty { try? await Task.sleep(for: .milliseconds(100)) }
        return scan()
    }
}
