import Foundation
import InstructData
import Testing
import TestSupport

/// The one rule for which Python the tool runs.
@Suite struct PythonInterpreterTests {
    @Test func theVariableWinsOverPath() throws {
        let found = try PythonInterpreter.find(environment: ["INVERSE_INSTRUCT_PYTHON": "/opt/py/bin/python3.12", "PATH": "/usr/bin"])
        #expect(found.path == "/opt/py/bin/python3.12")
    }

    @Test func firstPython3OnPath() throws {
        let first = try TestPaths.temporaryDirectory("py-a")
        let second = try TestPaths.temporaryDirectory("py-b")
        for directory in [first, second] {
            let python = directory.appendingPathComponent("python3")
            try Data("#!/bin/sh\n".utf8).write(to: python)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: python.path)
        }
        let empty = try TestPaths.temporaryDirectory("py-empty")
        let found = try PythonInterpreter.find(environment: ["PATH": "\(empty.path):\(second.path):\(first.path)",
                                                             "INVERSE_INSTRUCT_PYTHON": ""])
        #expect(found.path == second.appendingPathComponent("python3").path)
    }

    @Test func noPythonIsAMissingDependencyThatSaysWhatToDo() throws {
        let empty = try TestPaths.temporaryDirectory("py-none")
        let error = #expect(throws: ToolError.self) { try PythonInterpreter.find(environment: ["PATH": empty.path]) }
        #expect(error?.code == .missing)
        #expect(error?.message.contains("INVERSE_INSTRUCT_PYTHON") == true)
    }
}
