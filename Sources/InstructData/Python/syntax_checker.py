# The syntax checker behind `PythonSyntaxChecker`: one long-lived process (so a corpus of
# 100K responses costs one interpreter start) that reads a JSON list of sources per line and
# answers a JSON list of verdicts, "code", "trivial" or "invalid", per line.
#
# Embedded in the executable at build time (Package.swift, `.embedInCode`) and run with
# `python3 -I -c`. Tests: Tests/Python/test_syntax_checker.py.

import ast, json, sys, warnings
warnings.simplefilter("ignore")

def trivial(node):
    # An expression statement with no call inside is a bare value, not a program.
    return isinstance(node, ast.Expr) and not any(
        isinstance(n, (ast.Call, ast.Lambda, ast.Await, ast.Yield, ast.YieldFrom, ast.NamedExpr))
        for n in ast.walk(node))

def classify(source):
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError, OverflowError):
        return "invalid"
    if not tree.body or all(trivial(n) for n in tree.body):
        return "trivial"
    return "code"

for line in sys.stdin:
    print(json.dumps([classify(s) for s in json.loads(line)]), flush=True)
