import Console
import Foundation
import ModelClient

/// What a command does on Ctrl-C or SIGTERM: end the engine and every other child process
/// (none may outlive the tool), say so, and exit. Work already in the run store stays.
public enum InterruptHandler {
    /// On SIGINT or SIGTERM: end every child, write `message` (given whether there were
    /// children; nil says nothing) to stderr unless `quiet`, and exit with `exitCode`.
    public static func install(quiet: Bool, exitCode: Int32 = 130,
                               message: @escaping @Sendable (_ hadChildren: Bool) -> String?) {
        TerminationSignals.onTermination { _ in
            let hadChildren = !ChildProcesses.pids.isEmpty
            ChildProcesses.terminateAll()
            if !quiet, let text = message(hadChildren) { Terminal.writeStandardError(text) }
            Foundation.exit(exitCode)
        }
    }

    /// The resumable commands' handler (`run`, `semi`, `eval`): "COMMAND: interrupted; run the
    /// same command again to resume", exit 130.
    public static func installResumable(command: String, quiet: Bool) {
        install(quiet: quiet) { _ in "\n\(command): interrupted; run the same command again to resume\n" }
    }
}
