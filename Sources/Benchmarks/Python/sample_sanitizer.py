# The sample sanitizer behind `SampleSanitizer`: evalplus 0.3.1's `evalplus.sanitize` rules,
# which its code generation applies to every sample before `evalplus.evaluate` sees it, written
# on Python's own `ast` and `tokenize` instead of tree-sitter:
#
# 1. take the longest run of lines that parses (most non-blank lines, the first run on a tie);
# 2. keep every top-level import, and the first top-level class, function (only one with a
#    `return` somewhere inside) or plain assignment of each name; drop everything else: asserts,
#    prints, `if __name__ == "__main__":` blocks, decorated definitions (tree-sitter calls them
#    `decorated_definition`, which evalplus does not keep either);
# 3. with an entry point, keep only the definitions it reaches through the names they mention;
# 4. imports first, then the definitions in source order; an empty result gives step 1's code.
#
# One long-lived process: each request line is a JSON list of [code, entry_point or null];
# the answer is a JSON list of sanitized code. Embedded in the executable (Package.swift,
# `.embedInCode`) and run with `python3 -I -c`. Tests: Tests/Python/test_sample_sanitizer.py.

import ast, io, json, keyword, sys, tokenize, warnings
warnings.simplefilter("ignore")

PARSE_ERRORS = (SyntaxError, ValueError, MemoryError, RecursionError, OverflowError)


def parses(code):
    try:
        ast.parse(code)
        return True
    except PARSE_ERRORS:
        return False


def longest_parsing_run(text):
    lines = text.split("\n")
    nonblank = [k for k, line in enumerate(lines) if line.strip()]
    if len(lines) == 1 or not nonblank:
        return lines[0]
    if parses(text):
        # No run can have more non-blank lines than the whole text, and evalplus's scan keeps
        # the first run (from line 0) that has them all: up to the last non-blank line, and at
        # least two lines, as its scan never tries a single line.
        return "\n".join(lines[:max(nonblank[-1], 1) + 1])
    best, best_pair = 0, (0, 0)
    for i in range(len(lines)):
        count = 1 if lines[i].strip() else 0
        for j in range(i + 1, len(lines)):
            if lines[j].strip():
                count += 1
            if count > best and parses("\n".join(lines[i:j + 1])):
                best, best_pair = count, (i, j)
    return "\n".join(lines[best_pair[0]:best_pair[1] + 1])


def names_in(source, node):
    # Every identifier the definition mentions (tree-sitter's `identifier` nodes): the names
    # in its text, and those inside f-strings, which Python 3.11 tokenizes as one string.
    names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.NAME and not keyword.iskeyword(token.string):
                names.add(token.string)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return names


def has_return(node):
    return any(isinstance(n, ast.Return) for n in ast.walk(node))


def segment(code, node):
    lines = code.split("\n")
    first, last = node.lineno - 1, node.end_lineno - 1
    if first == last:
        return lines[first][node.col_offset:node.end_col_offset]
    return "\n".join([lines[first][node.col_offset:]] + lines[first + 1:last] + [lines[last][:node.end_col_offset]])


def assigned_name(node):
    if isinstance(node, ast.Assign):
        target = node.targets[0]
    elif isinstance(node, ast.AnnAssign):
        target = node.target
    else:
        return None
    return target.id if isinstance(target, ast.Name) else None


def definitions_and_imports(code):
    tree = ast.parse(code)
    imports, definitions, seen = [], [], set()
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.append(segment(code, node))
        elif isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.decorator_list or node.name in seen:
                continue
            if isinstance(node, ast.ClassDef) or has_return(node):
                definitions.append((node.name, segment(code, node), node))
                seen.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            name = assigned_name(node)
            if name in seen:
                continue
            definitions.append((name, segment(code, node), node))
            seen.add(name)
    return imports, definitions


def reachable(entry_point, definitions):
    deps = {}
    for name, text, node in definitions:
        deps.setdefault(name, names_in(text, node))
    found, queue = {entry_point}, [entry_point]
    while queue:
        for name in deps.get(queue.pop(0), ()):
            if name not in found:
                found.add(name)
                queue.append(name)
    return found


def sanitize(text, entry_point=None):
    code = longest_parsing_run(text)
    try:
        imports, definitions = definitions_and_imports(code)
    except PARSE_ERRORS:
        return code
    keep = reachable(entry_point, definitions) if entry_point else None
    parts = imports + [body for name, body, _ in definitions if keep is None or name in keep]
    result = "\n".join(parts).strip()
    return result if result else code


if __name__ == "__main__":
    for line in sys.stdin:
        print(json.dumps([sanitize(code, entry) for code, entry in json.loads(line)]), flush=True)
