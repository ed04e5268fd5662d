import DataQuality
import Foundation
import InstructData

/// A corpus of ordinary Code Alpaca records with HumanEval and MBPP problems planted in it three
/// ways: copied verbatim, reformatted (whitespace, line endings, case), and lightly paraphrased
/// (reworded around a run of the task's words, with a different solution).
struct SeededCorpus {
    enum Leak: String { case verbatim, reformatted, paraphrased }

    struct Seed {
        var id: String
        var leak: Leak
        var taskID: String
        var record: JSONValue
    }

    var clean: [JSONValue]
    var seeds: [Seed]

    var allRecords: [JSONValue] {
        // Seeds spread through the clean records so chunk boundaries and order are exercised.
        var records = clean
        for (offset, seed) in seeds.enumerated() {
            records.insert(seed.record, at: min(records.count, offset * 23 + 5))
        }
        return records
    }

    static func make(cleanCount: Int = 300) throws -> SeededCorpus {
        let humanEval = try Fixtures.humanEval()
        let mbpp = try Fixtures.mbpp()
        var seeds: [Seed] = []
        func add(_ id: String, _ leak: Leak, _ taskID: String, instruction: String, output: String) {
            seeds.append(Seed(id: id, leak: leak, taskID: taskID,
                              record: ["id": .string(id), "instruction": .string(instruction), "input": "", "output": .string(output)]))
        }

        // Verbatim copies.
        let he0 = try Fixtures.problem(humanEval, "HumanEval/0")
        add("he-verbatim-0", .verbatim, "HumanEval/0",
            instruction: "Complete the following Python function.\n\n" + (try Fixtures.part(he0, "prompt")),
            output: try Fixtures.part(he0, "solution"))
        let he12 = try Fixtures.problem(humanEval, "HumanEval/12")
        add("he-verbatim-12", .verbatim, "HumanEval/12",
            instruction: "Write the body of this function.",
            output: (try Fixtures.part(he12, "prompt")) + (try Fixtures.part(he12, "solution")))
        let mbpp2 = try Fixtures.problem(mbpp, "2")
        add("mbpp-verbatim-2", .verbatim, "2",
            instruction: try Fixtures.part(mbpp2, "text"), output: try Fixtures.part(mbpp2, "code"))

        // Reformatted: case, indentation, line endings and spacing changed.
        let he100 = try Fixtures.problem(humanEval, "HumanEval/100")
        let he100Prompt = try Fixtures.part(he100, "prompt")
        add("he-reformatted-100", .reformatted, "HumanEval/100",
            instruction: "PLEASE SOLVE:\r\n" + he100Prompt.uppercased()
                .replacingOccurrences(of: "    ", with: "\t")
                .replacingOccurrences(of: "\n", with: " \r\n\r\n  "),
            output: "def make_a_pile(n):\n    return [n + 2 * i for i in range(n)]\n")
        let mbpp120 = try Fixtures.problem(mbpp, "120")
        add("mbpp-reformatted-120", .reformatted, "120",
            instruction: (try Fixtures.part(mbpp120, "text")).uppercased().replacingOccurrences(of: " ", with: "   "),
            output: (try Fixtures.part(mbpp120, "code")).replacingOccurrences(of: "\r\n", with: "\n")
                .replacingOccurrences(of: "    ", with: "\t"))
        let mbpp245 = try Fixtures.problem(mbpp, "245")
        add("mbpp-reformatted-245", .reformatted, "245",
            instruction: "Solve this.",
            output: (try Fixtures.part(mbpp245, "code")).replacingOccurrences(of: "\t", with: "    ")
                .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "MSIBS", with: "msibs"))

        // Paraphrased: reworded, with a run of the task's words left, and a different solution.
        add("he-paraphrased-0", .paraphrased, "HumanEval/0",
            instruction: "Implement has_close_elements: find out if in given list of numbers, are any two numbers "
                + "closer to each other than a threshold you are given.",
            output: "def has_close_elements(numbers, threshold):\n    ordered = sorted(numbers)\n"
                + "    return any(b - a < threshold for a, b in zip(ordered, ordered[1:]))\n")
        add("he-paraphrased-100", .paraphrased, "HumanEval/100",
            instruction: "You get a positive integer n and must build a pile with n levels of stones. The first level "
                + "has n stones. The number of stones in the next level is the next odd number if n is odd, and "
                + "otherwise the next even one. Give back a list of the stone counts.",
            output: "def make_a_pile(n):\n    pile = [n]\n    for _ in range(n - 1):\n        pile.append(pile[-1] + 2)\n    return pile\n")
        add("mbpp-paraphrased-300", .paraphrased, "300",
            instruction: "Count how many binary sequences of length 2n exist such that sum of first n bits is same as "
                + "sum of last n bits, in Python.",
            output: "from math import comb\n\ndef count_binary_seq(n):\n    return float(comb(2 * n, n))\n")
        add("mbpp-paraphrased-4", .paraphrased, "4",
            instruction: "Find the largest integers from a given list of numbers using a heap queue (the heapq module).",
            output: "import heapq\n\ndef largest(values, count):\n    return heapq.nlargest(count, values)\n")

        let alpaca = try Fixtures.readJSONL(Fixtures.codeAlpaca2kPath)
        let clean = alpaca.prefix(cleanCount).enumerated().map { index, fields -> JSONValue in
            var fields = fields
            fields["id"] = .string("alpaca-\(index)")
            return .object(fields)
        }
        return SeededCorpus(clean: Array(clean), seeds: seeds)
    }
}

extension JSONValue {
    var recordID: String? { self["id"]?.stringValue }
}
