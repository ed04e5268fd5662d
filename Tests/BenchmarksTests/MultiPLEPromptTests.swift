import Benchmarks
import Testing

/// How a MultiPL-E task is asked and how the model's answer becomes a completion that continues
/// the prompt (the program is prompt + completion + newline + tests).
@Suite struct MultiPLEPromptTests {
    let cpp = MultiPLEProblem(name: "HumanEval_23_strlen", language: .cpp,
                              prompt: "#include<assert.h>\n// Return length of given string\nlong strlen(std::string string) {\n",
                              tests: "}\nint main() {\n    assert(strlen(\"\") == 0);\n}\n", stopTokens: ["\n}"])
    let js = MultiPLEProblem(name: "HumanEval_23_strlen", language: .js,
                             prompt: "//Return length of given string\nfunction strlen(string){\n",
                             tests: "const assert = require('node:assert');\n", stopTokens: ["\nfunction ", "\n/*", "\n//", "\nconsole.log"])

    @Test func thePromptIsPrefilledInsideAFence() {
        #expect(cpp.generationResponsePrefix == "```cpp\n" + cpp.prompt)
        #expect(js.generationInstruction.contains("```javascript\n//Return length"))
        #expect(cpp.generationStops == ["\n}"])
    }

    @Test func aContinuationIsCutAtTheFenceAndTheStopTokens() {
        // C++: the tests close the function, so the completion stops before its brace.
        #expect(cpp.sampleCode(fromContinuation: "    return string.size();\n}\n```") == "    return string.size();")
        // JavaScript: the completion closes the function itself; what follows is cut.
        #expect(js.sampleCode(fromContinuation: "  return string.length;\n}\n\nconsole.log(strlen('a'));\n```")
            == "  return string.length;\n}\n")
    }

    @Test func aChatReplyContinuesAfterTheSignature() {
        let reply = "Here it is:\n```cpp\n#include<assert.h>\nlong strlen(std::string string) {\n    return string.size();\n}\n```\nDone."
        #expect(cpp.sampleCode(fromChatReply: reply) == "    return string.size();")
        let noSignature = "```javascript\nreturn string.length;\n```"
        #expect(js.sampleCode(fromChatReply: noSignature) == "return string.length;")
        let program = cpp.program(completion: cpp.sampleCode(fromChatReply: reply))
        #expect(program.contains("long strlen(std::string string) {\n    return string.size();\n}\nint main()"))
    }
}
