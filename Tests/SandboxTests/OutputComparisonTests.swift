import InstructData
import Testing
@testable import Sandbox

@Suite struct OutputComparisonTests {
    let loose = OutputComparison()
    let strict = OutputComparison(tolerance: 1e-6, tuplesEqualLists: false)

    func i(_ n: Int) -> JSONValue { ["i": .string(String(n))] }
    func f(_ text: String) -> JSONValue { ["f": .string(text)] }
    func value(_ json: JSONValue) -> PythonValue { PythonValue(tagged: json) }

    @Test func floatsWithinToleranceAndIntsAsNumbers() {
        #expect(loose.equal(value(f("1.0")), value(f("1.0000001"))))
        #expect(!loose.equal(value(f("1.0")), value(f("1.001"))))
        #expect(loose.equal(value(i(1)), value(f("1.0"))), "1 == 1.0, as in Python")
        #expect(!OutputComparison(tolerance: 0).equal(value(f("0.1")), value(f("0.2"))))
        #expect(!loose.equal(value(["b": true]), value(i(1))), "a bool is not a number here")
        #expect(loose.equal(value(i(123_456_789_012_345_678)), value(["i": "123456789012345678"])))
    }

    @Test func nanAndInfinities() {
        #expect(loose.equal(value(f("nan")), value(f("nan"))), "NaN from both sides is the same behaviour")
        #expect(!loose.equal(value(f("nan")), value(f("1.0"))))
        #expect(loose.equal(value(f("inf")), value(f("inf"))))
        #expect(!loose.equal(value(f("inf")), value(f("-inf"))))
        #expect(!loose.equal(value(f("inf")), value(f("1e308"))))
    }

    @Test func tuplesAndListsPerOption() {
        let tuple = value(["t": [i(1), i(2)]])
        let list = value(["l": [i(1), i(2)]])
        #expect(loose.equal(tuple, list))
        #expect(!strict.equal(tuple, list))
        #expect(strict.equal(tuple, value(["t": [i(1), f("2.0000000001")]])))
        #expect(!loose.equal(list, value(["l": [i(1), i(2), i(3)]])))
    }

    @Test func dictsAndSetsIgnoreOrder() {
        let a = value(["d": [[["s": "x"], i(1)], [["s": "y"], f("2.0")]]])
        let b = value(["d": [[["s": "y"], f("2.0000001")], [["s": "x"], i(1)]]])
        #expect(loose.equal(a, b))
        #expect(!loose.equal(a, value(["d": [[["s": "x"], i(1)], [["s": "z"], i(2)]]])))
        #expect(loose.equal(value(["set": [i(3), i(1), i(2)]]), value(["set": [i(1), i(2), i(3)]])))
        #expect(loose.equal(value(["set": [i(1)]]), value(["fs": [i(1)]])), "set == frozenset, as in Python")
        #expect(!loose.equal(value(["set": [i(1), i(2)]]), value(["set": [i(1), i(3)]])))
    }

    @Test func nestedValues() {
        let a = value(["l": [["t": [["s": "k"], ["l": [f("0.5"), ["n": 0]]]]], ["d": [[i(1), ["set": [i(2)]]]]]]])
        let b = value(["l": [["l": [["s": "k"], ["t": [f("0.5000000001"), ["n": 0]]]]], ["d": [[i(1), ["set": [i(2)]]]]]]])
        #expect(loose.equal(a, b))
        #expect(!strict.equal(a, b))
        #expect(!loose.equal(a, value(["l": [["t": [["s": "K"], ["l": [f("0.5"), ["n": 0]]]]], ["d": [[i(1), ["set": [i(2)]]]]]]])))
        #expect(!loose.equal(value(["s": "1"]), value(i(1))))
        #expect(loose.equal(value(["r": "<X>", "type": "X"]), value(["r": "<X>", "type": "X"])))
    }

    @Test func standardOutput() {
        let exact = StandardOutputComparison()
        #expect(exact.equal("1 2\n3\n", "1 2   \n3"))
        #expect(!exact.equal("1 2\n3\n", "1  2\n3\n"))
        #expect(!exact.equal("0.30000000000000004\n", "0.3\n"))
        let numeric = StandardOutputComparison(numericTolerance: 1e-9)
        #expect(numeric.equal("sum 0.30000000000000004\n", "sum 0.3\n"))
        #expect(!numeric.equal("sum 0.31\n", "sum 0.3\n"))
        #expect(!numeric.equal("a b\n", "a c\n"))
    }
}
