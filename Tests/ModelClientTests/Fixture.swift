import Foundation

/// Recorded (llama.cpp) and hand-written (vLLM-shaped) server replies in Fixtures/.
enum Fixture {
    static func bytes(_ name: String, file: String = #filePath) throws -> [UInt8] {
        let url = URL(fileURLWithPath: file).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name)
        return Array(try Data(contentsOf: url))
    }
}
