import InstructData
import Testing
@testable import Benchmarks

@Suite struct SampleReaderTests {
    @Test func readsBothSampleFormats() throws {
        let path = try TestFiles.write("samples.jsonl", """
            {"task_id": "HumanEval/0", "completion": "    return True\\n"}
            {"task_id": "HumanEval/0", "solution": "def f():\\n    return 1\\n"}

            """)
        let samples = try SampleReader.read(path: path, benchmark: .humanEval)
        #expect(samples.map(\.kind) == [.completion, .solution])
        #expect(samples[1].location?.line == 2)
        let mbpp = try TestFiles.write("mbpp.jsonl", """
            {"task_id": 11, "completion": "x"}
            {"task_id": "Mbpp/12", "solution": "y"}
            {"task_id": "13", "completion": "z"}

            """)
        #expect(try SampleReader.read(path: mbpp, benchmark: .mbpp).map(\.taskID) == ["11", "12", "13"])
    }

    @Test func badSamplesNameFileAndLine() throws {
        let path = try TestFiles.write("bad.jsonl", """
            {"task_id": "HumanEval/0", "completion": "    return 1\\n"}
            {"task_id": "HumanEval/1", "code": "x"}

            """)
        #expect {
            try SampleReader.read(path: path, benchmark: .humanEval)
        } throws: { error in
            (error as? ToolError)?.message.hasPrefix("\(path):2:") == true
        }
        let broken = try TestFiles.write("broken.jsonl", "{\"task_id\": \"HumanEval/0\", \"completion\": \n")
        #expect(throws: ToolError.self) { try SampleReader.read(path: broken, benchmark: .humanEval) }
    }

    @Test func mbppIDsAreSpelledOneWay() {
        let mbpp = BenchmarkKind.mbpp
        let spellings: [JSONValue] = [11, "11", "Mbpp/11", "mbpp/11"]
        #expect(spellings.map { mbpp.taskID($0) } == ["11", "11", "11", "11"])
        #expect(mbpp.taskID("HumanEval/11") == nil)
        #expect(mbpp.samplesFileTaskID("11") == "Mbpp/11")
        #expect(BenchmarkKind.humanEval.taskID("HumanEval/0") == "HumanEval/0")
        #expect(BenchmarkKind.humanEval.taskID(0) == nil)
        let sample = Sample(taskID: "11", code: "def f(): pass\n", kind: .solution)
        #expect(sample.samplesFileRecord(.mbpp) == ["task_id": "Mbpp/11", "solution": "def f(): pass\n"])
    }

    @Test func mbppEntryPointIsWhatTheFirstTestCalls() {
        #expect(BenchmarkLoader.entryPoint(fromTest: "assert similar_elements((3, 4), (5, 4)) == (4,)") == "similar_elements")
        #expect(BenchmarkLoader.entryPoint(fromTest: "assert (math.isclose(f(1), 2))") == "math")
    }

    @Test func mbppSplitsByTaskNumber() {
        #expect(MBPPSplit.test.contains("11") && MBPPSplit.test.contains("510") && !MBPPSplit.test.contains("511"))
        #expect(MBPPSplit.validation.contains("600") && MBPPSplit.train.contains("601") && MBPPSplit.prompt.contains("10"))
        #expect(MBPPSplit.all.contains("anything") && !MBPPSplit.test.contains("anything"))
    }
}
