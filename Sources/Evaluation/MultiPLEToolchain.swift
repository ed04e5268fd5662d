import Benchmarks
import Foundation
import InstructData
import Sandbox

/// Where a language's compiler or interpreter is, and the commands that compile and run one
/// program as MultiPL-E does (Data/multipl-e/HOW-TO-RUN.md). Toolchains come from Debian
/// packages that scripts/setup.sh installs (Swift from /opt/swift); a missing one is an error
/// naming its package.
public struct MultiPLEToolchain: Sendable, Hashable {
    public var language: MultiPLELanguage
    /// The executables found, by role ("javac", "java", "node", ...).
    public var executables: [String: String]
    /// Folders outside /usr the sandbox must show (Swift's /opt/swift, the JDK's /etc folder).
    public var readOnlyPaths: [String]
    /// Java: the javatuples jar the prompts import.
    public var classPath: String?

    /// The JVM options for the test run: one JVM per sample, so start-up time is what counts
    /// (serial GC, C1 only, the class-data archive), and its reservations must fit the memory
    /// limit (a quarter of it for the heap; the rest for code, classes and thread stacks).
    static func jvmOptions(memory: Int) -> [String] {
        ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xss8m", "-Xmx\(max(64, memory >> 22))m",
         "-XX:ReservedCodeCacheSize=64m", "-XX:CompressedClassSpaceSize=64m", "-XX:MaxMetaspaceSize=256m"]
    }

    /// Finds the toolchain; `environment` is searched for INVERSE_INSTRUCT_SWIFTC (another swiftc).
    public static func locate(_ language: MultiPLELanguage,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MultiPLEToolchain {
        switch language {
        case .java:
            let javac = try find("javac", package: "openjdk-17-jdk-headless", language: language)
            let java = try find("java", package: "openjdk-17-jdk-headless", language: language)
            guard let jar = ["/usr/share/java/javatuples.jar", "/usr/share/java/javatuples-1.2.jar"]
                .first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                throw ToolError(.missing, "MultiPL-E java needs the javatuples jar (/usr/share/java/javatuples.jar): "
                    + "install the Debian package libjavatuples-java (apt-get install libjavatuples-java, or run scripts/setup.sh)")
            }
            // The JDK's lib/jvm.cfg (and its security files) link into /etc/java-NN-openjdk.
            let home = URL(fileURLWithPath: java).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
            let config = home.appendingPathComponent("lib/jvm.cfg").resolvingSymlinksInPath().deletingLastPathComponent().path
            let extra = config.hasPrefix("/usr/") ? [] : [config]
            return MultiPLEToolchain(language: language, executables: ["javac": javac, "java": java],
                                     readOnlyPaths: extra, classPath: jar)
        case .js:
            let node = try find("node", package: "nodejs", language: language)
            return MultiPLEToolchain(language: language, executables: ["node": node], readOnlyPaths: [])
        case .cpp:
            let gxx = try find("g++", package: "g++", language: language)
            return MultiPLEToolchain(language: language, executables: ["g++": gxx], readOnlyPaths: [])
        case .php:
            let php = try find("php", package: "php-cli", language: language)
            // Debian builds ctype, iconv, tokenizer, ... as modules that /etc/php's ini files load:
            // without them in the sandbox, `ctype_upper()` is undefined where MultiPL-E's php has it.
            let configuration = ["/etc/php"].filter { FileManager.default.fileExists(atPath: $0) }
            return MultiPLEToolchain(language: language, executables: ["php": php], readOnlyPaths: configuration)
        case .swift:
            let candidates = [environment["INVERSE_INSTRUCT_SWIFTC"], "/opt/swift/usr/bin/swiftc", "/usr/bin/swiftc"]
            guard let swiftc = candidates.compactMap({ $0 }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
                throw ToolError(.missing, "MultiPL-E swift needs swiftc: install Swift in /opt/swift (or set INVERSE_INSTRUCT_SWIFTC)")
            }
            // The toolchain's root (/opt/swift for /opt/swift/usr/bin/swiftc), shown whole to the sandbox.
            let root = URL(fileURLWithPath: swiftc).resolvingSymlinksInPath()
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
            return MultiPLEToolchain(language: language, executables: ["swiftc": swiftc],
                                     readOnlyPaths: root.hasPrefix("/usr") ? [] : [root])
        case .rs:
            // Debian's rustc in /usr/bin, never a rustup one on PATH (under a home folder the
            // sandbox does not show, and a different version on each machine).
            let rustc = try find("rustc", package: "rustc", language: language)
            return MultiPLEToolchain(language: language, executables: ["rustc": rustc], readOnlyPaths: [])
        }
    }

    /// `/usr/bin/NAME` (Debian's packages put their programs there).
    static func find(_ name: String, package: String, language: MultiPLELanguage,
                     directories: [String] = ["/usr/bin", "/bin"]) throws -> String {
        for directory in directories where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
            return "\(directory)/\(name)"
        }
        throw ToolError(.missing, "MultiPL-E \(language.code) needs /usr/bin/\(name): install the Debian package \(package) "
            + "(apt-get install \(package), or run scripts/setup.sh)")
    }

    private func executable(_ role: String) -> String { executables[role] ?? "/usr/bin/\(role)" }

    /// The source file's name in the job directory (Java's class is always `Problem`).
    public var sourceFile: String {
        language == .java ? "Problem.java" : "main.\(language.fileExtension)"
    }

    /// Compile (where there is a compiler), then run, with MultiPL-E's flags.
    public func commands(limits: MultiPLELimits) -> [SandboxCommand] {
        let runTimeout = limits.runTimeout(language)
        let run = limits.run(timeout: runTimeout)
        switch language {
        case .java:
            let classes = classPath.map { ".:\($0)" } ?? "."
            // Compiled by javac and run by java, both tuned for start-up (JVM flags above):
            // scripts/bench-multipl-e.sh measures this against plain javac + java.
            return [
                SandboxCommand(stage: "compile", arguments: [executable("javac")]
                                   + Self.jvmOptions(memory: limits.compileMemory).map { "-J" + $0 }
                                   + ["-encoding", "UTF8", "-cp", classes, "-d", ".", sourceFile],
                               timeout: limits.compileTimeout, limits: limits.compile),
                SandboxCommand(stage: "run", arguments: [executable("java")] + Self.jvmOptions(memory: limits.runMemory)
                                   + ["-ea", "-cp", classes, "Problem"],
                               timeout: runTimeout, limits: run),
            ]
        case .js:
            return [SandboxCommand(stage: "run", arguments: [executable("node"), sourceFile], timeout: runTimeout, limits: run)]
        case .php:
            return [SandboxCommand(stage: "run", arguments: [executable("php"), sourceFile], timeout: runTimeout, limits: run,
                                   failingOutput: ["PHP Parse error"])]
        case .cpp:
            return [
                SandboxCommand(stage: "compile", arguments: [executable("g++"), sourceFile, "-o", "main", "-std=c++17"],
                               timeout: limits.compileTimeout, limits: limits.compile),
                SandboxCommand(stage: "run", arguments: ["./main"], timeout: runTimeout, limits: run),
            ]
        case .swift:
            return [
                SandboxCommand(stage: "compile", arguments: [executable("swiftc"), sourceFile, "-o", "main",
                                                             "-module-cache-path", "module-cache"],
                               timeout: limits.compileTimeout, limits: limits.compile),
                // Swift's crash backtracer would spend seconds on every failed assertion and
                // bury the failure's message under a register dump; the verdict is the same.
                SandboxCommand(stage: "run", arguments: ["./main"], timeout: runTimeout, limits: run,
                               environment: ["SWIFT_BACKTRACE": "enable=no"]),
            ]
        case .rs:
            return [
                SandboxCommand(stage: "compile", arguments: [executable("rustc"), sourceFile, "-o", "main"],
                               timeout: limits.compileTimeout, limits: limits.compile),
                SandboxCommand(stage: "run", arguments: ["./main"], timeout: runTimeout, limits: run),
            ]
        }
    }

    /// The sandbox job for one program.
    public func job(program: String, limits: MultiPLELimits) -> SandboxJob {
        SandboxJob.commands(files: [sourceFile: program], commands: commands(limits: limits))
    }
}
