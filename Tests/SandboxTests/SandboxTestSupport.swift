import Foundation
import Testing
@testable import Sandbox

#if canImport(Glibc)
import Glibc
#endif

enum TestSandbox {
    /// The repository root (this file is Tests/SandboxTests/SandboxTestSupport.swift).
    static let repositoryRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// A bubblewrap pool; records an issue naming the set-up script when bwrap is missing.
    static func pool(workers: Int = 2, timeout: Double = 3, isolation: Isolation = .bubblewrap) throws -> SandboxPool {
        do {
            return try SandboxPool(configuration: SandboxConfiguration(workers: workers, isolation: isolation, timeout: timeout))
        } catch SandboxError.bubblewrapMissing {
            Issue.record("bubblewrap is missing: run scripts/setup.sh")
            throw SandboxError.bubblewrapMissing
        }
    }

    /// A random marker for process names, file names and commands, unique to one test.
    static func marker(_ prefix: String) -> String {
        "\(prefix)\(UInt32.random(in: 100_000...999_999))"
    }

    /// Processes on the host whose name (comm) or command line contains `marker`.
    static func processes(matching marker: String) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var found: [Int32] = []
        for entry in entries {
            guard let pid = Int32(entry), pid != getpid() else { continue }
            for file in ["comm", "cmdline"] {
                guard let data = FileManager.default.contents(atPath: "/proc/\(entry)/\(file)") else { continue }
                let text = String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
                if text.contains(marker) {
                    found.append(pid)
                    break
                }
            }
        }
        return found
    }

    /// Waits up to a few seconds for processes with `marker` to disappear (zombie reaping is
    /// asynchronous); returns those still there.
    static func strays(_ marker: String) async -> [Int32] {
        for _ in 0..<50 {
            let left = processes(matching: marker)
            if left.isEmpty { return [] }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return processes(matching: marker)
    }

    /// Shuts the pool down and checks that none of its processes (bwrap, workers, jobs) is left.
    static func shutDownCleanly(_ pool: SandboxPool) async {
        await pool.shutdown()
        let left = await strays(pool.identifier)
        #expect(left.isEmpty, "processes of \(pool.identifier) still running: \(left)")
    }

    /// Python that renames the current process (comm, 15 bytes) so children inherit a marker.
    static func rename(to marker: String) -> String {
        """
        import ctypes
        ctypes.CDLL(None).prctl(15, b"\(marker)", 0, 0, 0)

        """
    }
}

/// A TCP socket listening on 127.0.0.1 of the host (the kernel completes connections into the
/// backlog without accept()), to show the sandbox cannot reach host services.
final class LoopbackListener {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }
}
