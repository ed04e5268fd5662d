/// Why the sandbox cannot run anything at all.
public enum SandboxError: Error, Sendable, CustomStringConvertible {
    case bubblewrapMissing
    case pythonNotFound(String)
    case workerFailedToStart(String)
    case shutDown

    public var description: String {
        switch self {
        case .bubblewrapMissing:
            return "bubblewrap (bwrap) is not installed; it isolates the code under test. "
                + "Install the Debian package `bubblewrap` (apt-get install bubblewrap, or run scripts/setup.sh), "
                + "or pass --no-isolation to run untrusted code without a sandbox. (INVERSE_INSTRUCT_BWRAP may name the bwrap binary.)"
        case .pythonNotFound(let detail):
            return "no usable Python interpreter for the sandbox: \(detail)"
        case .workerFailedToStart(let detail):
            return "a sandbox worker failed to start: \(detail)"
        case .shutDown:
            return "the sandbox pool has been shut down"
        }
    }
}
