import Testing
@testable import InstructData

@Suite struct FieldMappingTests {
    let location = SourceLocation(file: "f.jsonl", line: 7, index: 6)

    func map(_ fields: [String: JSONValue], _ mapping: FieldMapping = .auto) throws(InvalidRecord) -> InstructionPair {
        try mapping.map(RawRecord(fields: fields, location: location))
    }

    @Test func instructionResponse() throws {
        let pair = try map(["instruction": "Do x", "response": "done", "id": 4])
        #expect(pair.instruction == "Do x")
        #expect(pair.response == "done")
        #expect(pair.extra == ["id": 4])
        #expect(pair.location == location)
    }

    @Test func alpacaWithAndWithoutInput() throws {
        let withInput = try map(["instruction": "Sort", "input": "[3,1]", "output": "[1,3]"])
        #expect(withInput.instruction == "Sort\n\n[3,1]")
        #expect(withInput.response == "[1,3]")
        #expect(withInput.extra.isEmpty)
        let emptyInput = try map(["instruction": "Sort", "input": "", "output": "x"])
        #expect(emptyInput.instruction == "Sort")
        // new_codealpaca has both `response` and `output`: Alpaca wins and `response` is kept.
        let both = try map(["instruction": "i", "input": "", "output": "o", "response": "r"])
        #expect(both.response == "o")
        #expect(both.extra == ["response": "r"])
    }

    @Test func chatMessages() throws {
        let pair = try map(["messages": [
            ["role": "system", "content": "be nice"],
            ["role": "user", "content": "first question"],
            ["role": "assistant", "content": "first answer"],
            ["role": "user", "content": "second"],
        ], "source": "x"])
        #expect(pair.instruction == "first question")
        #expect(pair.response == "first answer")
        #expect(pair.extra == ["source": "x"])
        #expect(throws: InvalidRecord.self) { try map(["messages": [["role": "user", "content": "q"]]]) }
    }

    @Test func problemSolution() throws {
        let pair = try map(["problem": "p", "solution": "s"])
        #expect(pair.instruction == "p")
        #expect(pair.response == "s")
    }

    @Test func customMappingFromArgument() throws {
        let mapping = try #require(FieldMapping(argument: "prompt=completion"))
        let pair = try map(["prompt": "p", "completion": "c", "other": 1], mapping)
        #expect(pair.instruction == "p")
        #expect(pair.extra == ["other": 1])
        #expect(FieldMapping(argument: "nonsense") == nil)
        #expect(FieldMapping(argument: "alpaca") == .alpaca)
    }

    @Test func unmappableAndWrongTypesNameFileAndLine() {
        do {
            _ = try map(["question": "q", "answer": "a"])
            Issue.record("should not map")
        } catch {
            #expect(error.description.hasPrefix("f.jsonl:7: cannot tell which fields"))
            #expect(error.description.contains("answer, question"))
        }
        do {
            _ = try map(["instruction": 5, "response": "r"])
            Issue.record("should not map")
        } catch {
            #expect(error.description == "f.jsonl:7: field 'instruction' is a number, expected a string")
        }
    }
}
