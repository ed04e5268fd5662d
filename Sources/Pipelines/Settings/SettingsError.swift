/// A settings value or config file that cannot be used; the description says which and why.
public struct SettingsError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
