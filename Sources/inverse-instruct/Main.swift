import ArgumentParser
import Console
import Foundation
import InstructData

/// Runs the root command with this tool's exit codes: 0 success, 1 failure, 2 usage error.
/// (ArgumentParser's own default for usage errors is 64.)
@main
enum Main {
    static func main() async {
        let code: Int32
        do {
            var command = try InverseInstruct.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            code = 0
        } catch {
            code = report(error)
        }
        exit(code)
    }

    private static func report(_ error: Error) -> Int32 {
        if let toolError = error as? ToolError {
            Terminal.writeStandardError("error: \(toolError.message)\n")
            return toolError.exitCode
        }
        let exitCode = InverseInstruct.exitCode(for: error)
        let message = InverseInstruct.fullMessage(for: error)
        if exitCode == .success {
            if !message.isEmpty { Terminal.writeStandardOutput(message + "\n") }
            return 0
        }
        if exitCode == .validationFailure {
            Terminal.writeStandardError(message + "\n")
            return 2
        }
        if error is ExitCode { return exitCode.rawValue }
        Terminal.writeStandardError("error: \(message.isEmpty ? String(describing: error) : message)\n")
        return 1
    }
}
