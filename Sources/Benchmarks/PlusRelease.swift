/// One vendored evalplus release (`humanevalplus v0.1.10`): what `eval` names in its summary.
public struct PlusRelease: Sendable, Hashable {
    public var name: String
    public var version: String
    /// Path inside `Data/`.
    public var dataFile: String

    public var label: String { "\(name) \(version)" }
}
