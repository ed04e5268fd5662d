import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see either the old file or the complete new one, never a
/// part: bytes go to a temporary file beside the target, which is synced and renamed over it
/// on `commit()`. A writer dropped without `commit()` removes its temporary file.
public final class AtomicFileWriter {
    public let path: String
    private let temporaryPath: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private var committed = false
    private static let flushThreshold = 1 << 20

    public init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        temporaryPath = directory + "/." + url.lastPathComponent + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ToolError(.failed, "\(path): cannot create \(temporaryPath): \(String(cString: strerror(errno)))")
        }
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    deinit {
        if !committed {
            if fd >= 0 { close(fd) }
            unlink(temporaryPath)
        }
    }

    public func write(_ bytes: some Sequence<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    public func write(_ text: String) throws {
        try write(text.utf8)
    }

    /// Direct access to the pending buffer, for serializers that append in place.
    public func withBuffer(_ body: (inout [UInt8]) -> Void) throws {
        body(&buffer)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    private func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw ToolError(.failed, "\(path): write failed: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Makes the new content visible under `path`, durably.
    public func commit() throws {
        guard !committed else { return }
        try flush()
        guard fsync(fd) == 0 else { throw ToolError(.failed, "\(path): fsync failed: \(String(cString: strerror(errno)))") }
        close(fd)
        fd = -1
        guard rename(temporaryPath, path) == 0 else {
            throw ToolError(.failed, "\(path): rename failed: \(String(cString: strerror(errno)))")
        }
        committed = true
        // Sync the directory too, so the rename itself survives a crash.
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let dirFD = open(directory, O_RDONLY | O_DIRECTORY)
        if dirFD >= 0 {
            fsync(dirFD)
            close(dirFD)
        }
    }
}

/// Writes JSON Lines, or one JSON array, atomically.
public final class JSONRecordWriter {
    public enum Layout: Sendable { case lines, array }

    private let file: AtomicFileWriter
    private let layout: Layout
    public private(set) var count = 0

    public var path: String { file.path }

    public init(path: String, layout: Layout? = nil) throws {
        self.file = try AtomicFileWriter(path: path)
        self.layout = layout ?? (path.hasSuffix(".json") ? .array : .lines)
        if self.layout == .array { try file.write("[\n") }
    }

    public func write(_ value: JSONValue) throws {
        let first = count == 0
        try file.withBuffer { buffer in
            if layout == .array, !first { buffer.append(contentsOf: ",\n".utf8) }
            value.serialize(into: &buffer)
            if layout == .lines { buffer.append(UInt8(ascii: "\n")) }
        }
        count += 1
    }

    /// Appends `count` records that were serialized elsewhere (`JSONValue.serialize(into:)`,
    /// each followed by a newline), so callers can serialize on other cores. `.lines` only.
    public func write(serializedLines bytes: [UInt8], count: Int) throws {
        precondition(layout == .lines, "pre-serialized records need the lines layout")
        try file.write(bytes)
        self.count += count
    }

    public func write<T: Encodable>(encoding value: T) throws {
        try write(JSONValue(encoding: value))
    }

    public func commit() throws {
        if layout == .array { try file.write(count == 0 ? "]\n" : "\n]\n") }
        try file.commit()
    }
}
