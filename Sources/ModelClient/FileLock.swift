import Foundation

/// An advisory lock on a file (flock), so two processes do not pull the same model or build the
/// engine environment at the same time. Released when the holder exits, even by a crash.
public final class FileLock {
    private let descriptor: Int32

    /// Blocks until the lock is held.
    public init(path: URL) throws {
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        descriptor = open(path.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ModelClientError.configuration("cannot open lock file \(path.path): \(String(cString: strerror(errno)))")
        }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(descriptor)
                throw ModelClientError.configuration("cannot lock \(path.path): \(String(cString: strerror(errno)))")
            }
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
