import Benchmarks
import Testing

/// The Swift side of the sanitizer: one helper process, batches in order, the entry point
/// optional. (The rules themselves: Tests/Python/test_sample_sanitizer.py.)
@Suite struct SampleSanitizerTests {
    @Test func sanitizesABatchInOrderWithAndWithoutAnEntryPoint() async throws {
        let sanitizer = try SampleSanitizer()
        let answers = try await sanitizer.sanitize([
            (code: "import math\ndef f(x):\n    return math.sqrt(x)\n\nassert f(4) == 2\nprint(f(9))\n", entryPoint: "f"),
            (code: "Here it is:\n```python\ndef g():\n    return 1\n```\nDone: enjoy.\n", entryPoint: "g"),
            (code: "def a():\n    return 1\ndef b():\n    return 2\nassert a() == 1\n", entryPoint: nil),
        ])
        #expect(answers == [
            "import math\ndef f(x):\n    return math.sqrt(x)",
            "def g():\n    return 1",
            "def a():\n    return 1\ndef b():\n    return 2",
        ])
        #expect(try await sanitizer.sanitize([]) == [])
        #expect(try await sanitizer.sanitize([(code: "def f():\n    return 2\nf()\n", entryPoint: "f")]) == ["def f():\n    return 2"])
    }
}
