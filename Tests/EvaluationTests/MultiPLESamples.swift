import Benchmarks

/// Hand-written MultiPL-E completions (continuations of the vendored prompts): two correct
/// ones and a wrong one per language. java, cpp, swift and rs stop before the function's
/// closing brace (the tests supply it); js and php close the function themselves.
enum MultiPLESamples {
    struct Case: Sendable {
        var task: String
        var completion: String
    }

    static func correct(_ language: MultiPLELanguage) -> [Case] {
        switch language {
        case .java:
            [Case(task: "HumanEval_23_strlen", completion: "        return string.length();"),
             Case(task: "HumanEval_53_add", completion: "        return x + y;")]
        case .js:
            [Case(task: "HumanEval_23_strlen", completion: "  return string.length;\n}"),
             Case(task: "HumanEval_53_add", completion: "  return x + y;\n}")]
        case .cpp:
            [Case(task: "HumanEval_23_strlen", completion: "    return string.size();"),
             Case(task: "HumanEval_53_add", completion: "    return x + y;")]
        case .php:
            // (HumanEval_23_strlen cannot pass in PHP: its prompt redeclares the built-in strlen.)
            [Case(task: "HumanEval_13_greatest_common_divisor",
                  completion: "    while ($b != 0) { [$a, $b] = [$b, $a % $b]; }\n    return $a;\n}"),
             Case(task: "HumanEval_53_add", completion: "    return $x + $y;\n}")]
        case .swift:
            [Case(task: "HumanEval_23_strlen", completion: "    return string.count"),
             Case(task: "HumanEval_53_add", completion: "    return x + y")]
        case .rs:
            [Case(task: "HumanEval_23_strlen", completion: "    string.len() as isize"),
             Case(task: "HumanEval_53_add", completion: "    x + y")]
        }
    }

    /// Compiles and runs, but gives a wrong answer (the tests must catch it).
    static func wrong(_ language: MultiPLELanguage) -> Case {
        switch language {
        case .java: Case(task: "HumanEval_53_add", completion: "        return x - y;")
        case .js: Case(task: "HumanEval_53_add", completion: "  return x - y;\n}")
        case .cpp: Case(task: "HumanEval_53_add", completion: "    return x - y;")
        case .php: Case(task: "HumanEval_53_add", completion: "    return $x - $y;\n}")
        case .swift: Case(task: "HumanEval_53_add", completion: "    return x - y")
        case .rs: Case(task: "HumanEval_53_add", completion: "    x - y")
        }
    }
}
