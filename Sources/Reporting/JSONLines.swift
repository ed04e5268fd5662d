import Foundation
import InstructData

/// Reads a JSON Lines file the tool wrote (results, selections, evidence): one object a line.
enum JSONLines {
    static func objects(path: String) throws -> [[String: JSONValue]] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ToolError(.invalidInput, "\(path): cannot be read")
        }
        var objects: [[String: JSONValue]] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") }) else { continue }
            let value: JSONValue
            do {
                value = try JSONParser.parse(ArraySlice(line))
            } catch {
                throw ToolError(.invalidInput, "\(path):\(lineNumber): not JSON (\(error.message))")
            }
            guard let object = value.objectValue else {
                throw ToolError(.invalidInput, "\(path):\(lineNumber): expected a JSON object, found \(value.typeName)")
            }
            objects.append(object)
        }
        return objects
    }
}
