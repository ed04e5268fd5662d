import Benchmarks
import Sandbox

/// The limits of `eval multipl-e`: compilers need more time and memory than the test runs.
public struct MultiPLELimits: Sendable, Hashable {
    /// Wall-clock seconds for compiling one program (javac, g++, swiftc, rustc).
    public var compileTimeout: Double
    /// Address space for the compiler, in bytes.
    public var compileMemory: Int
    /// Wall-clock seconds for running the tests; nil takes MultiPL-E's per language
    /// (js, swift, rs: 5 s; java, cpp, php: 15 s).
    public var runTimeout: Double?
    /// Address space for the test run, in bytes.
    public var runMemory: Int

    public init(compileTimeout: Double = 45, compileMemory: Int = 4 << 30, runTimeout: Double? = nil,
                runMemory: Int = 4 << 30) {
        self.compileTimeout = compileTimeout
        self.compileMemory = compileMemory
        self.runTimeout = runTimeout
        self.runMemory = runMemory
    }

    public func runTimeout(_ language: MultiPLELanguage) -> Double {
        if let runTimeout { return runTimeout }
        switch language {
        case .js, .swift, .rs: return 5
        case .java, .cpp, .php: return 15
        }
    }

    /// A compiler writes binaries and may print a lot, and forks (g++ runs cc1plus, as, ld).
    var compile: ResourceLimits {
        ResourceLimits(cpuSeconds: Int(compileTimeout.rounded(.up)) + 1, memoryBytes: compileMemory,
                       fileSizeBytes: 256 << 20, processes: 256, openFiles: 1024)
    }

    /// Output capped at 1 MiB; 64 processes (threads count: a JVM starts about 20).
    func run(timeout: Double) -> ResourceLimits {
        ResourceLimits(cpuSeconds: Int(timeout.rounded(.up)) + 1, memoryBytes: runMemory, fileSizeBytes: 1 << 20,
                       processes: 64, openFiles: 256)
    }
}
