import ArgumentParser
import Console
import Foundation

/// The root command. Each subcommand lives in its own file; this type only lists them.
struct InverseInstruct: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inverse-instruct",
        abstract: "Grow, clean and evaluate code instruction-tuning data with your own model.",
        version: "0.1.0",
        subcommands: [
            InspectCommand.self,
            ExtractCommand.self,
            RunCommand.self,
            SemiCommand.self,
            StatusCommand.self,
            ModelsCommand.self,
            ServeCommand.self,
            DecontaminateCommand.self,
            DedupCommand.self,
            EvalCommand.self,
            ReportCommand.self,
            TrainCommand.self,
        ]
    )
}
