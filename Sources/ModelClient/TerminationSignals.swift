import Dispatch
import Foundation

/// SIGINT and SIGTERM handling for commands that start child processes (the local engine):
/// the action runs on a dispatch queue instead of the process dying with children left behind.
public enum TerminationSignals {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    private static let lock = NSLock()

    /// On SIGINT or SIGTERM, runs `action` (once; it should end the process). Call early in a
    /// command, before starting children.
    public static func onTermination(_ action: @escaping @Sendable (Int32) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        for source in sources { source.cancel() }
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { action(number) }
            source.resume()
            return source
        }
    }

    /// The usual action: end every child this library started, then exit 128 + signal.
    public static func terminateChildrenAndExit() {
        onTermination { number in
            ChildProcesses.terminateAll()
            exit(128 + number)
        }
    }
}
