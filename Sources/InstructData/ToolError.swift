/// The tool's one error for failures whose message is the whole story for the person at the
/// terminal: what is wrong, where (file and line when there is one) and what to do about it.
/// `code` tells the kinds apart for callers and tests, and gives the exit code. Errors that
/// carry structure of their own (`ModelClientError`, `SandboxError`, `InvalidRecord`,
/// `RunLock.Busy`) stay their own types; nothing re-wraps them just to change the type.
public struct ToolError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// A file, record or value the user gave cannot be used (a dataset, samples, problems).
        case invalidInput
        /// An option, setting or config file value cannot be used.
        case invalidSettings
        /// Something the job needs is not there (data, a program); the message says how to get it.
        case missing
        /// Another process holds the run directory.
        case busy
        /// The model server cannot do what the job needs.
        case unsupportedServer
        /// An operation failed: a helper process stopped, a reference solution did not run.
        case failed
        /// The command line is wrong (exit code 2, as for ArgumentParser's own usage errors).
        case usage
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// An error in a file at `location` ("file:line: reason").
    public init(_ code: Code = .invalidInput, at location: SourceLocation, _ reason: String) {
        self.init(code, "\(location): \(reason)")
    }

    /// 2 for usage errors, 1 for every other failure.
    public var exitCode: Int32 { code == .usage ? 2 : 1 }

    public var description: String { message }
}
