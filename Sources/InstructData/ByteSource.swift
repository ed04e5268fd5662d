import CZlib
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pull-based stream of bytes: files and gzip-compressed files read in fixed-size chunks,
/// so a dataset of any size is read in constant memory.
public protocol ByteSource: AnyObject {
    /// Appends up to `maxCount` bytes to `buffer`; returns 0 at the end of the stream.
    func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int
}

/// Reads a plain file with `read(2)`.
public final class FileByteSource: ByteSource {
    private let fd: Int32
    public let path: String
    public private(set) var bytesRead = 0

    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw ToolError(.invalidInput, "\(path): cannot open: \(String(cString: strerror(errno)))")
        }
        self.fd = fd
    }

    deinit { close(fd) }

    public func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int {
        let start = buffer.count
        buffer.reserveCapacity(start + maxCount)
        var got = 0
        // Grow the array's count first, then read straight into its storage.
        buffer.append(contentsOf: repeatElement(0, count: maxCount))
        while true {
            got = buffer.withUnsafeMutableBytes { raw in
                Glibc.read(fd, raw.baseAddress! + start, maxCount)
            }
            if got >= 0 || errno != EINTR { break }
        }
        guard got >= 0 else {
            buffer.removeLast(maxCount)
            throw ToolError(.invalidInput, "\(path): read failed: \(String(cString: strerror(errno)))")
        }
        buffer.removeLast(maxCount - got)
        bytesRead += got
        return got
    }

    /// The first bytes of a file, without consuming them from a stream.
    static func peek(path: String, count: Int) throws -> [UInt8] {
        let source = try FileByteSource(path: path)
        var bytes: [UInt8] = []
        _ = try source.read(into: &bytes, maxCount: count)
        return bytes
    }
}

/// Inflates a gzip (or zlib) stream from another source, concatenated members included.
public final class GzipByteSource: ByteSource {
    private let upstream: ByteSource
    private var stream = z_stream()
    private var input: [UInt8] = []
    private var inputOffset = 0
    private var upstreamEnded = false
    private var finished = false
    private let name: String

    public init(upstream: ByteSource, name: String) throws {
        self.upstream = upstream
        self.name = name
        // 15 + 32: the largest window, and detect gzip or zlib headers automatically.
        let status = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw ToolError(.invalidInput, "\(name): cannot start gzip decoder (\(status))") }
    }

    deinit { inflateEnd(&stream) }

    public func read(into buffer: inout [UInt8], maxCount: Int) throws -> Int {
        guard !finished else { return 0 }
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: maxCount))
        var produced = 0
        while produced == 0 && !finished {
            if inputOffset >= input.count && !upstreamEnded {
                input.removeAll(keepingCapacity: true)
                inputOffset = 0
                if try upstream.read(into: &input, maxCount: 1 << 20) == 0 { upstreamEnded = true }
            }
            let available = input.count - inputOffset
            if available == 0 && upstreamEnded {
                buffer.removeLast(maxCount)
                // A stream that ends inside a member is truncated, not finished.
                if stream.total_in > 0 && !memberComplete {
                    throw ToolError(.invalidInput, "\(name): gzip data ends early (truncated file)")
                }
                finished = true
                return 0
            }
            let status: Int32 = input.withUnsafeMutableBufferPointer { inPtr in
                buffer.withUnsafeMutableBufferPointer { outPtr in
                    stream.next_in = inPtr.baseAddress! + inputOffset
                    stream.avail_in = UInt32(available)
                    stream.next_out = outPtr.baseAddress! + start + produced
                    stream.avail_out = UInt32(maxCount - produced)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    return status
                }
            }
            let consumed = available - Int(stream.avail_in)
            inputOffset += consumed
            produced = maxCount - Int(stream.avail_out)
            switch status {
            case Z_OK, Z_BUF_ERROR:
                memberComplete = false
            case Z_STREAM_END:
                memberComplete = true
                // Another gzip member may follow (concatenated .gz files are valid gzip).
                if inputOffset < input.count || !upstreamEnded { inflateReset(&stream) }
            default:
                buffer.removeLast(maxCount)
                throw ToolError(.invalidInput, "\(name): corrupt gzip data (\(stream.msg.map { String(cString: $0) } ?? String(cString: zError(status))))")
            }
        }
        buffer.removeLast(maxCount - produced)
        return produced
    }

    private var memberComplete = false
}

