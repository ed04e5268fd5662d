# evalplus 0.3.1's differential testing, run by the sandbox worker's "harness" shape in the
# job's forked child (`main(job, report)`). Each part is the evalplus code it reproduces, so a
# sample gets evalplus's verdict:
#   - reference: evalplus/gen/util/__init__.py `trusted_exec` (the canonical solution on
#     deep copies of the inputs, timed per input; MBPP_OUTPUT_NOT_NONE_TASKS keep `is not None`)
#   - check: evalplus/eval/__init__.py `unsafe_execute` with fast_check (the default): the
#     reliability guard, exec into {}, per-input SIGALRM limits, the special oracles
#     (find_zero's _poly, the MBPP ones), the `atol` rule, stop at the first failure
#   - inputs: evalplus/data/mbpp.py `mbpp_deserialize_inputs` (tuples, sets, complex)
# Expected outputs travel as a compressed base64 pickle (evalplus caches them as a pickle too), so every
# Python value comes back exactly, big ints and float specials included.
# Embedded in the executable (Package.swift, `.embedInCode`); Swift side: EvalPlusCheck.swift;
# tests: Tests/Python/test_evalplus_check.py.

import base64, builtins, contextlib, copy, faulthandler, io, json, math, os, pickle, platform, signal, sys, time, zlib

# evalplus/eval/_special_oracle.py
MBPP_OUTPUT_NOT_NONE_TASKS = ["check_str", "text_match_three", "text_starta_endb"]
MBPP_OUTPUT_SET_EQ_TASKS = ["similar_elements", "find_char_long", "common_in_nested_lists", "extract_singly",
                            "larg_nnum", "intersection_array", "find_dissimilar", "Diff"]


def _surface_Area(base_edge, height):
    slant_height = math.sqrt((base_edge / 2) ** 2 + height**2)
    base_area = base_edge**2
    lateral_area = 4 * (base_edge * slant_height) / 2
    total_surface_area = base_area + lateral_area
    return round(total_surface_area)


def _digit_distance_nums(num1, num2):
    str_num1, str_num2 = str(num1), str(num2)
    max_length = max(len(str_num1), len(str_num2))
    str_num1, str_num2 = str_num1.zfill(max_length), str_num2.zfill(max_length)
    total_difference = 0
    for digit1, digit2 in zip(str_num1, str_num2):
        difference = abs(int(digit1) - int(digit2))
        total_difference += difference
    return total_difference


def _poly(xs, x):
    return sum([coeff * math.pow(x, i) for i, coeff in enumerate(xs)])


# evalplus/data/mbpp.py
def mbpp_deserialize_inputs(task_id, inputs):
    task_id = int(str(task_id).split("/")[-1])
    if task_id in [2, 116, 132, 143, 222, 261, 273, 394, 399, 421, 424, 429, 470, 560, 579, 596, 616, 630, 726,
                   740, 744, 809]:
        return [[tuple(lst) for lst in inp] for inp in inputs]
    if task_id in [63, 64, 70, 94, 120, 237, 272, 299, 400, 409, 417, 438, 473, 614, 780]:
        return [[[tuple(lst) for lst in lst_lst] for lst_lst in inp] for inp in inputs]
    if task_id in [75, 413, 444, 753]:
        return [[[tuple(lst) for lst in inp[0]]] + [inp[1]] for inp in inputs]
    if task_id == 106 or task_id == 750:
        return [[inp[0]] + [tuple(inp[1])] for inp in inputs]
    if task_id == 115:
        return [[[set(item) if isinstance(item, list) and len(item) else {} for item in inp[0]]] for inp in inputs]
    if task_id == 124:
        return [(float(inp[0]), complex(inp[1])) for inp in inputs]
    if task_id in [250, 405, 446, 617, 720, 763, 808]:
        return [[tuple(inp[0])] + [inp[1]] for inp in inputs]
    if task_id in [259, 401, 445]:
        modified = [[[tuple(lst) for lst in lst_lst] for lst_lst in inp] for inp in inputs]
        return [[tuple(lst) for lst in inp] for inp in modified]
    if task_id == 278:
        modified = [[[tuple(item) if isinstance(item, list) else item for item in inp[0]]] for inp in inputs]
        return [[tuple(lst) for lst in inp] for inp in modified]
    if task_id == 307:
        return [[tuple(inp[0])] + [inp[1], inp[2]] for inp in inputs]
    if task_id == 722:
        return [[{key: tuple(value) for key, value in inp[0].items()}] + inp[1:] for inp in inputs]
    if task_id == 252:
        return [[complex(inp[0])] for inp in inputs]
    if task_id in [580, 615, 791]:
        def turn_all_list_into_tuple(inp):
            if isinstance(inp, list):
                return tuple([turn_all_list_into_tuple(item) for item in inp])
            return inp
        return [turn_all_list_into_tuple(inp) for inp in inputs]
    return inputs


# evalplus/eval/utils.py
class WriteOnlyStringIO(io.StringIO):
    def read(self, *args, **kwargs):
        raise IOError

    def readline(self, *args, **kwargs):
        raise IOError

    def readlines(self, *args, **kwargs):
        raise IOError

    def readable(self, *args, **kwargs):
        return False


class redirect_stdin(contextlib._RedirectStream):
    _stream = "stdin"


@contextlib.contextmanager
def swallow_io():
    stream = WriteOnlyStringIO()
    with contextlib.redirect_stdout(stream):
        with contextlib.redirect_stderr(stream):
            with redirect_stdin(stream):
                yield


class TimeoutException(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds):
    def signal_handler(signum, frame):
        raise TimeoutException("Timed out!")

    signal.setitimer(signal.ITIMER_REAL, seconds)
    signal.signal(signal.SIGALRM, signal_handler)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def maximum_memory_bytes():
    # evalplus: min(EVALPLUS_MAX_MEMORY_BYTES or 4 GiB, physical memory)
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return min(4 * 1024 * 1024 * 1024, total)


def reliability_guard(maximum_memory_bytes=None):
    if maximum_memory_bytes is not None:
        import resource
        for limit in (resource.RLIMIT_AS, resource.RLIMIT_DATA, resource.RLIMIT_STACK):
            try:  # the worker may already hold a lower hard limit
                resource.setrlimit(limit, (maximum_memory_bytes, maximum_memory_bytes))
            except (ValueError, OSError):
                pass
    faulthandler.disable()
    builtins.exit = None
    builtins.quit = None
    os.environ["OMP_NUM_THREADS"] = "1"
    for name in ("kill", "system", "putenv", "remove", "removedirs", "rmdir", "fchdir", "setuid", "fork", "forkpty",
                 "killpg", "rename", "renames", "truncate", "replace", "unlink", "fchmod", "fchown", "chmod", "chown",
                 "chroot", "lchflags", "lchmod", "lchown", "getcwd", "chdir"):
        setattr(os, name, None)
    builtins.open = None
    import shutil
    shutil.rmtree = None
    shutil.move = None
    shutil.chown = None
    import subprocess
    subprocess.Popen = None
    builtins.help = None
    for name in ("ipdb", "joblib", "resource", "psutil", "tkinter"):
        sys.modules[name] = None


# evalplus/eval/__init__.py
def is_floats(x):
    if isinstance(x, float):
        return True
    if isinstance(x, (list, tuple)) and x:
        return all(isinstance(i, float) for i in x)
    if type(x).__name__ == "ndarray" and type(x).__module__ == "numpy":
        return x.dtype.name in ("float64", "float32")
    return False


def _shape(v):
    """The shape numpy would give a regular nested sequence of real numbers; None otherwise."""
    if type(v) in (bool, float) or (type(v) is int and -(1 << 63) <= v < (1 << 63)):
        return ()
    if type(v) in (list, tuple) and v:
        shapes = [_shape(x) for x in v]
        first = shapes[0]
        if first is None or any(s != first for s in shapes):
            return None
        return (len(v),) + first
    return None


def _flat(v):
    if type(v) in (list, tuple):
        for x in v:
            yield from _flat(x)
    else:
        yield float(v)


def allclose(out, exp, rtol, atol):
    """np.allclose(out, exp, rtol=rtol, atol=atol): plain Python for same-shaped real numbers,
    numpy itself (imported only then) for anything else (broadcasting, complex, errors)."""
    shape = _shape(out)
    if shape is not None and shape == _shape(exp):
        for x, y in zip(_flat(out), _flat(exp)):
            if x == y:
                continue
            if not (abs(x - y) <= atol + rtol * abs(y) and math.isfinite(y)):
                return False
        return True
    import numpy as np
    return bool(np.allclose(out, exp, rtol=rtol, atol=atol))


def check(job, payload, inputs, report):
    dataset = payload["dataset"]
    entry_point = payload["entry_point"]
    expected = pickle.loads(zlib.decompress(base64.b64decode(payload["expected"])))
    time_limits = payload["time_limits"]
    atol = payload["atol"]
    code = job["program"]
    reliability_guard(maximum_memory_bytes=maximum_memory_bytes())
    exec_globals = {}
    failed = None
    progress = 0  # evalplus's `progress` counter: inputs it recorded a verdict for
    try:
        with swallow_io():
            exec(code, exec_globals)
            fn = exec_globals[entry_point]

        for i, inp in enumerate(inputs):
            try:
                with time_limit(time_limits[i]):
                    with swallow_io():
                        out = fn(*inp)

                exp = expected[i]
                exact_match = out == exp

                if dataset == "mbpp":
                    if "are_equivalent" == entry_point:  # Mbpp/164
                        exact_match = exact_match or True
                    elif "sum_div" == entry_point:  # Mbpp/295
                        exact_match = exact_match or out == 0
                    elif "surface_Area" == entry_point:  # Mbpp/581
                        exact_match = exact_match or abs(out - _surface_Area(*inp)) <= atol
                    elif "digit_distance_nums" == entry_point:  # Mbpp/558
                        exact_match = exact_match or out == _digit_distance_nums(*inp)
                    elif entry_point in MBPP_OUTPUT_SET_EQ_TASKS:
                        exact_match = set(out) == set(exp)
                    elif entry_point in MBPP_OUTPUT_NOT_NONE_TASKS:
                        if isinstance(out, bool):
                            exact_match = out == exp
                        else:
                            exact_match = exp == (out is not None)

                if dataset == "humaneval":
                    if "find_zero" == entry_point:
                        assert abs(_poly(*inp, out)) <= atol
                        continue

                if atol == 0 and is_floats(exp):
                    atol = 1e-6  # evalplus keeps it for the inputs that follow
                if not exact_match and atol != 0:
                    assert type(out) == type(exp)
                    if isinstance(exp, (list, tuple)):
                        assert len(out) == len(exp)
                    assert allclose(out, exp, rtol=1e-07, atol=atol)
                else:
                    assert exact_match
            except BaseException as e:
                failed = (i, e)
                raise
            progress += 1
        # evalplus passes a sample only with a verdict for every input; find_zero's `continue`
        # above skips the bookkeeping, so evalplus 0.3.1 fails every HumanEval/32 sample.
        if progress != len(inputs):
            report({"status": "failed", "stage": "check", "exception": "EvalPlusBookkeeping",
                    "message": "evalplus 0.3.1 records no verdict for find_zero's inputs (HumanEval/32 always fails there)",
                    "data": {"evalplus_status": "fail"}})
            return
    except BaseException as e:
        where = "input %d" % failed[0] if failed is not None else "program"
        try:
            message = "%s: %s" % (where, str(e)[:500])
        except BaseException:
            message = where
        status = "timeout" if isinstance(e, TimeoutException) else "failed"
        report({"status": status, "stage": "check" if failed else "program", "exception": type(e).__name__,
                "message": message, "data": {"evalplus_status": "fail", "timeout": status == "timeout",
                                             "failed_input": failed[0] if failed else None}})
        return
    report({"status": "passed", "stage": "done", "data": {"evalplus_status": "pass"}})


def reference(job, payload, inputs, report):
    ns = {}
    with swallow_io():
        exec(compile(job["program"], "<canonical>", "exec"), ns)
        fn = ns[payload["entry_point"]]
        outputs, times = [], []
        for index, inp in enumerate(inputs):
            inp = copy.deepcopy(inp)
            start = time.time()
            try:
                outputs.append(fn(*inp))
            except BaseException as e:
                report({"status": "failed", "stage": "check", "exception": type(e).__name__,
                        "message": "input %d: %s" % (index, str(e)[:500])})
                return
            times.append(time.time() - start)
    if payload.get("output_not_none"):
        outputs = [o is not None for o in outputs]
    data = base64.b64encode(zlib.compress(pickle.dumps(outputs, protocol=pickle.HIGHEST_PROTOCOL), 1)).decode()
    report({"status": "passed", "stage": "done", "data": {"expected": data, "times": times}})


def main(job, report):
    payload = job["payload"]
    inputs = json.loads(payload["inputs"])
    if payload["dataset"] == "mbpp":
        inputs = mbpp_deserialize_inputs(payload["task_id"], inputs)
    if payload["mode"] == "reference":
        reference(job, payload, inputs, report)
    else:
        check(job, payload, inputs, report)
