# The code analyzer behind `CodeAnalyzer` (CodeAnalyzer.swift): Python's own `ast` in one
# long-lived process that answers one JSON request line with one JSON reply line. Requests
# are {"op": "analyze" | "split" | "tests" | "complete", ...}; every reply has "ok".
#
# Parsing is not running: test inputs are read with `ast.literal_eval`, never executed; the
# code itself only ever runs in the sandbox.
#
# Embedded in the executable at build time (Package.swift, `.embedInCode`) and run with
# `python3 -I -c`. Tests: Tests/Python/test_code_analyzer.py.

import ast, json, sys, warnings
warnings.simplefilter("ignore")
sys.setrecursionlimit(2000)

def encode(v, depth=0):
    if depth > 60:
        raise ValueError("nested too deeply")
    t = type(v)
    if v is None: return {"n": 0}
    if t is bool: return {"b": v}
    if t is int: return {"i": str(v)}
    if t is float: return {"f": repr(v)}
    if t is str: return {"s": v}
    if t is list: return {"l": [encode(x, depth + 1) for x in v]}
    if t is tuple: return {"t": [encode(x, depth + 1) for x in v]}
    if t is dict: return {"d": [[encode(k, depth + 1), encode(x, depth + 1)] for k, x in v.items()]}
    if t is set: return {"set": [encode(x, depth + 1) for x in v]}
    if t is frozenset: return {"fs": [encode(x, depth + 1) for x in v]}
    if t is complex: return {"c": [repr(v.real), repr(v.imag)]}
    if t is bytes: return {"y": v.hex()}
    raise ValueError("not a literal: %s" % t.__name__)

FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)

def called_names(node):
    return {n.func.id for n in ast.walk(node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}

def reads_stdin(tree):
    for n in ast.walk(tree):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ("input", "raw_input"):
            return True
        if isinstance(n, ast.Attribute) and n.attr == "stdin":
            return True
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "open" and n.args \
                and isinstance(n.args[0], ast.Constant) and n.args[0].value == 0:
            return True
    return False

def is_main_guard(n):
    return isinstance(n, ast.If) and isinstance(n.test, ast.Compare) and isinstance(n.test.left, ast.Name) \
        and n.test.left.id == "__name__"

def is_quiet(n):
    # Statements that define things rather than do things.
    if isinstance(n, (ast.Import, ast.ImportFrom, ast.ClassDef, ast.Pass)) or isinstance(n, FUNCS):
        return True
    if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant):
        return True  # docstring
    if isinstance(n, (ast.Assign, ast.AnnAssign)):
        return not any(isinstance(x, ast.Call) and isinstance(x.func, ast.Name) and x.func.id == "print" for x in ast.walk(n))
    return False

def entry_of(tree):
    funcs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    if not funcs:
        return None
    calls = set()
    for f in funcs:
        calls |= {c for c in called_names(f) if c != f.name}
    roots = [f for f in funcs if f.name not in calls]
    return (roots or funcs)[-1]

def signature(f):
    a = f.args
    positional = list(a.posonlyargs) + list(a.args)
    names = [x.arg for x in positional]
    required = len(positional) - len(a.defaults)
    if any(d is None for d in a.kw_defaults) and a.kwonlyargs:
        pass  # required keyword-only arguments cannot be passed positionally; calls will fail
    return names, required, (None if a.vararg else len(positional))

def analyze(code):
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError, OverflowError) as e:
        return {"ok": False, "error": "syntax error: %s" % e}
    entry = entry_of(tree)
    found = {}
    if entry is not None:
        names, lo, hi = signature(entry)
        found = {"entry": entry.name, "params": names, "min_args": lo, "max_args": hi}
    if reads_stdin(tree):
        # A program; its entry function (if any) is still named, so a generated function
        # with a stdin driver under `if __name__ == "__main__":` can be called as a function.
        return dict(found, ok=True, shape="program")
    if entry is not None:
        return dict(found, ok=True, shape="function")
    if any(not is_quiet(n) for n in tree.body):
        return {"ok": True, "shape": "program"}
    if any(isinstance(n, ast.AsyncFunctionDef) for n in tree.body):
        return {"ok": False, "error": "only async functions"}
    return {"ok": False, "error": "no top-level function and no program statements"}

def split(code):
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError, OverflowError) as e:
        return {"ok": False, "error": str(e)}
    lines = code.splitlines()
    def text(n):
        start = (n.decorator_list[0].lineno if getattr(n, "decorator_list", None) else n.lineno) - 1
        return "\n".join(lines[start:n.end_lineno])
    body = [n for n in tree.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
    if reads_stdin(tree) or any(not is_quiet(n) and not is_main_guard(n) for n in body):
        return {"ok": True, "chunks": [{"code": code, "line": 1}]}
    funcs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    if not funcs:
        return {"ok": True, "chunks": []}
    calls = {name: called_names(f) & set(funcs) - {name} for name, f in funcs.items()}
    called = set().union(*calls.values())
    shared = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign, ast.ClassDef))]
    chunks = []
    for name, f in funcs.items():
        if name in called:
            continue
        needed, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current in needed:
                continue
            needed.add(current)
            todo.extend(calls[current])
        parts = [n for n in tree.body if n in shared or (isinstance(n, ast.FunctionDef) and n.name in needed)]
        chunks.append({"code": "\n\n".join(text(n) for n in parts) + "\n", "name": name, "line": f.lineno})
    return {"ok": True, "chunks": chunks}

import builtins
BUILTIN_NAMES = set(dir(builtins))

def bound_names(node):
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return set()

def free_names(nodes):
    bound, used = set(), set()
    for node in nodes:
        for n in ast.walk(node):
            if isinstance(n, ast.Name):
                (bound if isinstance(n.ctx, ast.Store) else used).add(n.id)
            elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound.add(n.name)
            elif isinstance(n, ast.arg):
                bound.add(n.arg)
            elif isinstance(n, (ast.Import, ast.ImportFrom)):
                bound |= bound_names(n)
            elif isinstance(n, ast.ExceptHandler) and n.name:
                bound.add(n.name)
    return used - bound - BUILTIN_NAMES

def complete(req):
    # The model often drops the original's imports (`re`, `math`) or calls its helpers
    # without copying them: take those statements from the original, so the new code is
    # self-contained and is run, and stored, as a whole.
    code, original = req["code"], req["original"]
    try:
        gen, orig = ast.parse(code), ast.parse(original)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return {"ok": True, "code": code, "added": []}
    missing, chosen = free_names(gen.body), []
    for _ in range(6):
        new = [n for n in orig.body if n not in chosen and bound_names(n) & missing]
        if not new:
            break
        chosen += new
        provided = set().union(*(bound_names(n) for n in chosen))
        missing = (missing | free_names(new)) - provided
    if not chosen:
        return {"ok": True, "code": code, "added": []}
    lines = original.splitlines()
    def text(n):
        start = (n.decorator_list[0].lineno if getattr(n, "decorator_list", None) else n.lineno) - 1
        return "\n".join(lines[start:n.end_lineno])
    chosen.sort(key=lambda n: n.lineno)
    added = sorted(set().union(*(bound_names(n) for n in chosen)))
    return {"ok": True, "code": "\n".join(text(n) for n in chosen) + "\n\n\n" + code, "added": added}

def literal(node):
    return ast.literal_eval(node)

def parse_items(text, entry=None):
    text = text.strip()
    if not text:
        raise ValueError("no test inputs")
    try:
        value = json.loads(text)
        if isinstance(value, list):
            return value, False
        if isinstance(value, dict):
            for key in ("tests", "inputs", "test_inputs"):
                if isinstance(value.get(key), list):
                    return value[key], False
    except ValueError:
        pass
    try:
        value = ast.literal_eval(text)
        if isinstance(value, (list, tuple)):
            return list(value), False
    except (ValueError, SyntaxError, MemoryError, RecursionError, TypeError):
        pass
    if text.startswith("["):
        # A list cut off by the token limit: the items before the cut are still inputs.
        salvaged = truncated_list(text)
        if salvaged:
            return salvaged, False
    # One literal or one call per line, e.g. `f(1, [2])` or `assert f(1) == 3`.
    items, calls = [], False
    for raw in text.splitlines():
        line = raw.strip().rstrip(",")
        if not line or line.startswith("#") or line in ("[", "]"):
            continue
        try:
            items.append(ast.literal_eval(line))
            continue
        except (ValueError, SyntaxError, MemoryError, RecursionError, TypeError):
            pass
        try:
            tree = ast.parse(line)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            continue
        # A call of the entry point wherever it is (`assert set(f(x)) == {1}`), else the first call.
        calls_in_line = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)]
        named = [n for n in calls_in_line if entry and n.func.id == entry]
        for n in named or calls_in_line:
            if n.func.id not in ("print", "assert", "str", "int", "float", "list"):
                try:
                    items.append(tuple(literal(a) for a in n.args))
                    calls = True
                except (ValueError, SyntaxError, TypeError, RecursionError):
                    pass
                break
    if not items:
        raise ValueError("no test inputs could be read as JSON or Python literals")
    return items, calls

def truncated_list(text):
    depth, quote, escape, cuts = 0, None, False, []
    for i, ch in enumerate(text):
        if quote:
            if escape: escape = False
            elif ch == "\\": escape = True
            elif ch == quote: quote = None
        elif ch in "\"'": quote = ch
        elif ch in "[({": depth += 1
        elif ch in "])}":
            depth -= 1
            if depth == 0: return None  # complete, so not cut off: some other form
            if depth == 1: cuts.append(i + 1)
        elif ch == "," and depth == 1:
            cuts.append(i)
    for cut in reversed(cuts[-50:]):
        candidate = text[:cut].rstrip().rstrip(",") + "]"
        for reader in (json.loads, ast.literal_eval):
            try:
                value = reader(candidate)
            except Exception:
                continue
            if isinstance(value, list) and value:
                return value
    return None

def as_stdin(item):
    if isinstance(item, str):
        s = item
    elif isinstance(item, (list, tuple)):
        s = "\n".join(x if isinstance(x, str) else " ".join(map(str, x)) if isinstance(x, (list, tuple)) else str(x) for x in item)
    else:
        s = str(item)
    return s if s.endswith("\n") else s + "\n"

INPUT_KEYS = ("input", "inputs", "args", "arguments", "stdin", "test_input")

def unwrap(item, params):
    # Models like objects: {"input": ..., "expected": ...} or {"a": 1, "b": 2} by parameter
    # name. The input is what counts; expected values come from running the original.
    if not isinstance(item, dict):
        return item, False
    for key in INPUT_KEYS:
        if key in item:
            return item[key], key in ("args", "arguments")
    if params and params[0] in item:
        args = []
        for name in params:
            if name not in item:
                break
            args.append(item[name])
        return args, True
    # Other names: the values in order, once the expected output is set aside.
    values = [v for k, v in item.items() if k not in ("expected", "expected_output", "output", "result", "answer")]
    return values, True

def tests(req):
    try:
        items, from_calls = parse_items(req["text"], req.get("entry"))
    except (ValueError, RecursionError) as e:
        return {"ok": False, "error": str(e)}
    limit = int(req.get("limit") or 10)
    params = req.get("params") or []
    unwrapped = [unwrap(item, params) for item in items]
    items = [item for item, _ in unwrapped]
    explicit = [flag for _, flag in unwrapped]
    out, seen = [], set()
    if req["shape"] == "program":
        for item in items:
            s = as_stdin(item)
            if s not in seen:
                seen.add(s)
                out.append(s)
        return {"ok": True, "inputs": out[:limit]}
    lo, hi = int(req.get("min_args") or 0), req.get("max_args")
    fits = lambda n: lo <= n and (hi is None or n <= hi)
    # One-argument functions: if every item is a one-element list, the items are argument
    # lists; otherwise each item is the argument itself ([1, 2, 3] for f(numbers)).
    single = fits(1) and not fits(0) and (hi == 1) and not from_calls
    wrapped = single and all(isinstance(x, (list, tuple)) and len(x) == 1 for x in items)
    candidates, extra = [], []
    for item, is_args in zip(items, explicit):
        if from_calls or is_args or (not single and isinstance(item, (list, tuple))):
            candidates.append(list(item))
        elif single:
            candidates.append(list(item) if wrapped else [item])
            # The other reading of an ambiguous item goes last: inputs the original cannot
            # take are dropped when it runs, so trying both readings costs little.
            if isinstance(item, (list, tuple)) and not wrapped:
                if len(item) == 1:
                    extra.append([item[0]])
                elif item and all(isinstance(x, (str, int, float, bool)) for x in item):
                    extra.extend([x] for x in item)
        elif fits(1):
            candidates.append([item])
    for args in candidates + extra:
        # An argument list wrapped once more ([[1, 2, 3]] for f(a, b, c)) is unwrapped.
        if not fits(len(args)) and len(args) == 1 and isinstance(args[0], (list, tuple)) and fits(len(args[0])):
            args = list(args[0])
        if not fits(len(args)):
            continue
        try:
            encoded = encode(args)
            call = ", ".join(repr(a) for a in args)
        except (ValueError, RecursionError):
            continue
        if call in seen:
            continue
        seen.add(call)
        out.append({"args": encoded, "text": call})
    if not out:
        return {"ok": False, "error": "no test input fits the function's %s-argument signature" % (
            lo if hi == lo else "%d to %s" % (lo, "any" if hi is None else hi))}
    return {"ok": True, "inputs": out[:limit]}

for line in sys.stdin:
    try:
        req = json.loads(line)
        op = req.get("op")
        if op == "analyze":
            reply = analyze(req["code"])
        elif op == "split":
            reply = split(req["code"])
        elif op == "tests":
            reply = tests(req)
        elif op == "complete":
            reply = complete(req)
        else:
            reply = {"ok": False, "error": "unknown op"}
    except Exception as e:  # a reply for every request, whatever happened
        reply = {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()
