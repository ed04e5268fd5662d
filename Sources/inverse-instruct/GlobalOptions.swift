import ArgumentParser
import Console
import Logging

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Flag(name: .long, help: "Print nothing but errors and the final result.")
    var quiet = false

    @Flag(name: .long, help: "Print the summary as one JSON object on stdout.")
    var json = false

    @Flag(name: [.short, .long], help: "Log more detail to stderr.")
    var verbose = false

    /// Sets up logging; call first in `run()`.
    func apply() {
        LogSetup.bootstrap(level: verbose ? .debug : (quiet ? .error : .warning))
    }

    func progress(_ label: String, total: Int?, unit: ProgressUnit = .items) -> ProgressReporter {
        ProgressReporter(label: label, total: total, unit: unit, quiet: quiet)
    }

    /// Prints the summary as people or machines want it.
    func emit<T: Encodable>(_ summary: Summary, json value: T) throws {
        if json {
            Terminal.writeStandardOutput(try JSONOutput.line(value))
        } else if !quiet {
            Terminal.writeStandardOutput(summary.render())
        }
    }

    /// A line of running commentary (the engine starting, …) for people: stderr, and only
    /// when neither --quiet nor --json asked for silence.
    var logLine: @Sendable (String) -> Void {
        let silent = quiet || json
        return { message in if !silent { Terminal.writeStandardError(message + "\n") } }
    }

    /// The warning every command that runs samples gives for --no-isolation.
    func warnIfUnisolated(_ noIsolation: Bool) {
        guard noIsolation, !quiet else { return }
        Terminal.writeStandardError("warning: --no-isolation: the samples run as ordinary processes with only resource "
            + "limits; they can read and write your files and use the network.\n")
    }
}
