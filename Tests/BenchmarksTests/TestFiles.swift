import Foundation
import TestSupport

enum TestFiles {
    /// Writes `contents` to a new file `name` in a fresh temporary folder.
    static func write(_ name: String, _ contents: String) throws -> String {
        let path = try TestPaths.temporaryDirectory("benchmarks").appendingPathComponent(name).path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
