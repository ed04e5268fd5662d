import Crypto
import Foundation

enum FileDigest {
    /// The sha256 of a file, read in blocks, as lowercase hex.
    static func sha256(of path: URL) throws -> String {
        let reader = try FileHandle(forReadingFrom: path)
        defer { try? reader.close() }
        var hasher = SHA256()
        while let block = try reader.read(upToCount: 4 << 20), !block.isEmpty { hasher.update(data: block) }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
