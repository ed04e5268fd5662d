import ArgumentParser
import Console
import Foundation
import InstructData

struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Check a dataset in one streaming pass: records, field shapes, invalid lines."
    )

    @Argument(help: "Dataset: JSONL, JSON array, optionally .gz.")
    var input: String

    @Option(name: .long, help: ArgumentHelp("Which fields hold instruction and response: \(FieldMapping.argumentHelp).",
                                            valueName: "shape"))
    var fields: String = "auto"

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard FieldMapping(argument: fields) != nil else {
            throw ValidationError("--fields takes \(FieldMapping.argumentHelp); got '\(fields)'")
        }
    }

    func run() async throws {
        global.apply()
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: input) else {
            throw ToolError(.invalidInput, "\(input): no such file")
        }
        let progress = global.progress("inspect", total: attributes[.size] as? Int, unit: .bytes)
        let result: DatasetInspection
        do {
            defer { progress.finish() }
            result = try DatasetInspection.inspect(path: input, mapping: FieldMapping(argument: fields) ?? .auto) {
                progress.advance(by: $0 - progress.completed)
            }
        }
        var text = Summary(title: "inspect: \(result.valid) usable records of \(result.read) in \(input)")
        for (shape, count) in result.shapes.sorted(by: { $0.key < $1.key }) { text.add("shape \(shape)", count) }
        text.add("invalid lines", result.invalidLines)
        if let first = result.firstInvalid { text.add("first invalid", first) }
        text.add("size", ByteCount.format(result.bytes))
        text.add("time", String(format: "%.2f s (%@/s)", result.seconds,
                                ByteCount.format(Int(Double(result.bytes) / max(result.seconds, 1e-9)))))
        try global.emit(text, json: result)
        if result.invalidLines > 0 { throw ExitCode.failure }
    }
}
