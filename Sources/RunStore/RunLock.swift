import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on a run directory (`flock` on `run.lock`), so two commands never drive
/// the same run at once. The kernel drops it when the process dies, so a killed run never
/// leaves a stale lock behind.
public final class RunLock: Sendable {
    private let fd: Int32
    public let path: String

    public struct Busy: Error, CustomStringConvertible {
        public var path: String
        public var description: String { "another process is already working on this run (lock: \(path))" }
    }

    public init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("run.lock").path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw Busy(path: path)
        }
        self.fd = fd
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
