import ArgumentParser
import InstructData

/// How a command reads its input dataset.
struct DatasetOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Which fields hold instruction and response: \(FieldMapping.argumentHelp).",
                                            valueName: "shape"))
    var fields: String = "auto"

    @Flag(name: .long, help: "Write malformed records to a rejects file and go on, instead of stopping at the first.")
    var skipInvalid = false

    @Option(name: .long, help: "Where rejected records go (default: OUTPUT with .rejects.jsonl).")
    var rejects: String?

    func validate() throws {
        _ = try mapping()
    }

    func mapping() throws -> FieldMapping {
        guard let mapping = FieldMapping(argument: fields) else {
            throw ValidationError("--fields takes \(FieldMapping.argumentHelp); got '\(fields)'")
        }
        return mapping
    }
}
