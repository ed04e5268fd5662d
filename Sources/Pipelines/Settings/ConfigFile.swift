import Foundation
import InstructData
import Yams

/// The YAML config files of both methods: read and parsed with errors that name the file, and
/// applied on top of settings with every key optional and an unknown key an error naming its
/// line, so a typo never silently leaves a default in place.
enum ConfigFile {
    /// The file's top-level mapping; nil for an empty file.
    static func mapping(at path: String) throws -> Node.Mapping? {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ToolError(.invalidSettings, "\(path): cannot read: \(error.localizedDescription)")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ToolError(.invalidSettings, "\(path): not valid YAML: \(error)")
        }
        guard let node else { return nil }
        guard let mapping = node.mapping else {
            throw ToolError(.invalidSettings, "\(path): expected a mapping of option names to values")
        }
        return mapping
    }

    /// `settings` with the values `mapping` gives on top. `known` are the settings' keys;
    /// keys in `skipping` are allowed but left to another reader (e.g. a config's `method`).
    static func apply<Settings: Codable>(_ mapping: Node.Mapping, to settings: Settings, known: Set<String>,
                                         skipping: Set<String> = [], file: String,
                                         optionKind: String = "option") throws -> Settings {
        for key in mapping.keys {
            guard let name = key.string, known.contains(name) || skipping.contains(name) else {
                throw ToolError(.invalidSettings, "\(file):\(key.mark.map { "\($0.line)" } ?? "?"): unknown \(optionKind) '\(key.string ?? "?")'; "
                    + "known options: \(known.sorted().joined(separator: ", "))")
            }
        }
        // Encode the current values, overlay the file's keys, decode: every key the file does
        // not name keeps its value.
        let base = try YAMLEncoder().encode(settings)
        guard var merged = try Yams.compose(yaml: base)?.mapping else { return settings }
        for (key, value) in mapping where key.string.map(known.contains) ?? false { merged[key] = value }
        do {
            return try YAMLDecoder().decode(Settings.self, from: Node.mapping(merged))
        } catch {
            throw ToolError(.invalidSettings, "\(file): \(error)")
        }
    }
}
