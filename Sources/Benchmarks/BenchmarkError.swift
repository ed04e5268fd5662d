/// A benchmark that cannot be loaded, or a benchmark file (problems, samples) with a bad
/// record; the message is the whole story, naming the file (and line) at fault.
public struct BenchmarkError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
