/// An error meant for the person at the terminal: the message is the whole story, no stack of
/// wrapped errors. Commands exit with `exitCode` (1 by default; 2 is reserved for usage errors).
public struct ToolError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var exitCode: Int32

    public init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    public var description: String { message }
}
