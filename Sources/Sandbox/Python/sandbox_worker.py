# The sandbox worker. `WorkerCommand` (Isolation.swift) starts one per pool slot, inside
# bubblewrap or as a plain process, as `python -I -B -c SOURCE CONFIG_JSON`. It reads one
# JSON job per line on stdin, forks a child per job, and answers one JSON result per line
# on stdout (after a first {"ready": true, ...} line).
#
# Why it is safe to trust its verdict: job code runs only in the forked child, under
# setrlimit, in its own session; the verdict travels on a separate pipe, moved to a random
# descriptor, and counts only with a per-job random nonce and a clean exit. The parent
# enforces the wall-clock limit, kills the job's process group and then every other process
# left in the worker's pid namespace, and empties /tmp after each job.
#
# Embedded in the executable at build time (Package.swift, `.embedInCode`), so the binary
# needs no files beside it. Tests: Tests/Python/test_sandbox_worker.py.

import copy, gc, io, json, os, random, resource, select, shutil, signal, sys, threading, time
# Imported once here rather than in every forked job: what the shipped harnesses import
# (evalplus's checker: base64, contextlib, faulthandler, pickle, platform, subprocess, zlib) and a
# few modules benchmark code often does. A job that imported them itself paid about 7 ms, twice
# a HumanEval+ sample (measured: 11.5 ms a check job before, 4 ms after).
import base64, contextlib, faulthandler, heapq, pickle, platform, string, subprocess, zlib  # noqa: F401

# Long-lived sandbox worker. Reads one JSON job per line on stdin, runs it in a
# freshly forked child with resource limits, writes one JSON result per line on
# stdout. The parent (this process) never runs job code; it keeps the verdict.

CONFIG = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
JOB_UID = CONFIG.get("job_uid")            # drop the job to this uid (root only)
SWEEP_NAMESPACE = CONFIG.get("sweep_namespace", False)  # we own a pid namespace
BASE_DIR = CONFIG.get("base_dir") or "/tmp"
TAIL = int(CONFIG.get("tail_bytes", 2048))
RESULT_CAP = 256 << 20  # evalplus reference outputs reach ~60 MB (HumanEval/15), compressed
PROTOCOL_IN = sys.stdin.buffer
PROTOCOL_OUT = 1
MY_PID = os.getpid()


def send(obj):
    data = (json.dumps(obj) + "\n").encode()
    view = memoryview(data)
    while view:
        n = os.write(PROTOCOL_OUT, view)
        view = view[n:]


# ---- tagged value encoding, shared by child (encode) and parent (decode) ----

def encode(v, depth=0):
    if depth > 100:
        raise ValueError("value nested too deeply")
    t = type(v)
    if v is None:
        return {"n": 0}
    if t is bool:
        return {"b": v}
    if t is int:
        return {"i": str(v)}
    if t is float:
        return {"f": repr(v)}
    if t is str:
        return {"s": v}
    if t is list:
        return {"l": [encode(x, depth + 1) for x in v]}
    if t is tuple:
        return {"t": [encode(x, depth + 1) for x in v]}
    if t is dict:
        return {"d": [[encode(k, depth + 1), encode(x, depth + 1)] for k, x in v.items()]}
    if t is set:
        return {"set": [encode(x, depth + 1) for x in v]}
    if t is frozenset:
        return {"fs": [encode(x, depth + 1) for x in v]}
    if t is complex:
        return {"c": [repr(v.real), repr(v.imag)]}
    if t is bytes:
        return {"y": v.hex()}
    return {"r": repr(v), "type": t.__name__}


class Opaque:
    __slots__ = ("text", "kind")

    def __init__(self, text, kind):
        self.text, self.kind = text, kind

    def __eq__(self, other):
        return isinstance(other, Opaque) and self.text == other.text and self.kind == other.kind

    def __hash__(self):
        return hash((self.text, self.kind))


def decode(e):
    if not isinstance(e, dict):  # plain JSON (numbers, strings, lists) stands for itself
        return e
    if "n" in e: return None
    if "b" in e: return bool(e["b"])
    if "i" in e: return int(e["i"])
    if "f" in e: return float(e["f"])
    if "s" in e: return e["s"]
    if "l" in e: return [decode(x) for x in e["l"]]
    if "t" in e: return tuple(decode(x) for x in e["t"])
    if "d" in e: return {decode(k): decode(x) for k, x in e["d"]}
    if "set" in e: return set(decode(x) for x in e["set"])
    if "fs" in e: return frozenset(decode(x) for x in e["fs"])
    if "c" in e: return complex(float(e["c"][0]), float(e["c"][1]))
    if "y" in e: return bytes.fromhex(e["y"])
    return Opaque(e.get("r", ""), e.get("type", ""))


def has_float(v):
    if type(v) is float:
        return True
    if type(v) in (list, tuple):
        return any(has_float(x) for x in v)
    return False


def close_enough(out, exp, atol):
    if type(exp) is float or type(out) is float:
        if type(out) not in (int, float) or type(exp) not in (int, float) or type(out) is bool or type(exp) is bool:
            return False
        if out == exp:
            return True
        if out != out or exp != exp:
            return out != out and exp != exp
        return abs(out - exp) <= atol + 1e-07 * abs(exp)
    if type(exp) in (list, tuple) and type(out) is type(exp):
        return len(out) == len(exp) and all(close_enough(a, b, atol) for a, b in zip(out, exp))
    return out == exp


def outputs_match(out, exp, atol):
    # evalplus semantics: exact equality, else float tolerance (1e-6 when the
    # expected value holds floats and no tolerance was given).
    try:
        exact = out == exp
    except Exception:
        exact = False
    if exact is True:
        return True
    if atol == 0 and has_float(exp):
        atol = 1e-6
    if atol:
        return close_enough(out, exp, atol)
    return False


# ---------------------------- the job child ----------------------------------

def child_main(job, report_w, files):
    os.setsid()
    stdin_fd, out_fd, err_fd = files
    os.dup2(stdin_fd, 0)
    os.dup2(out_fd, 1)
    os.dup2(err_fd, 2)
    # Move the verdict pipe to a random high descriptor, away from user code's view.
    secret_fd = random.randrange(300, 1000)
    os.dup2(report_w, secret_fd, inheritable=False)
    for fd in (stdin_fd, out_fd, err_fd, report_w):
        if fd > 2:
            os.close(fd)
    os.closerange(3, secret_fd)
    os.closerange(secret_fd + 1, 1024)
    nonce = job["_nonce"].encode()
    job["_nonce"] = None
    real_write, real_exit, dumps = os.write, os._exit, json.dumps

    def report(obj):
        data = nonce + b" " + dumps(obj).encode() + b"\n"
        view = memoryview(data)
        while view:
            view = view[real_write(secret_fd, view):]

    try:
        os.chdir(job["_dir"])
        become_job(job.get("limits", {}))
        import io
        sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False))
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), write_through=True)
        sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), write_through=True)
        sys.argv = ["main.py"]
    except BaseException as e:
        report({"status": "error", "stage": "setup", "exception": type(e).__name__, "message": str(e)[:2000]})
        real_exit(0)

    shape = job.get("shape", "assert")
    stage = "program"
    out_ref, err_ref = sys.stdout, sys.stderr
    try:
        if shape == "assert":
            run_assert(job, report)
        elif shape == "call":
            run_call(job, report)
        elif shape == "harness":
            run_harness(job, report)
        elif shape == "stdio":
            run_stdio(job)
            try:
                out_ref.flush(); err_ref.flush()
            except BaseException:
                pass
            report({"status": "passed", "stage": "done"})
        else:
            report({"status": "error", "stage": "setup", "exception": "ValueError", "message": "unknown shape " + repr(shape)})
    except HarnessFailure as f:
        report(f.payload)
    except BaseException as e:
        report(failure_payload(e, "program"))
    real_exit(0)


class HarnessFailure(Exception):
    def __init__(self, payload):
        self.payload = payload


def failure_payload(e, stage):
    status = "memory" if isinstance(e, MemoryError) else ("error" if stage == "program" else "failed")
    try:
        message = str(e)[:2000]
    except BaseException:
        message = "<unprintable>"
    return {"status": status, "stage": stage, "exception": type(e).__name__, "message": message}


def reset_hooks():
    import threading
    sys.settrace(None)
    sys.setprofile(None)
    threading.settrace(None)
    threading.setprofile(None)


def find_code(code, name):
    for const in code.co_consts:
        if hasattr(const, "co_name") and const.co_name == name:
            return const
    return None


def run_assert(job, report):
    ns = {}
    program = compile(job.get("program", ""), "<program>", "exec")
    tests_source = job.get("tests", "")
    try:
        tests = compile(tests_source, "<tests>", "exec")
    except BaseException as e:
        raise HarnessFailure({"status": "error", "stage": "tests", "exception": type(e).__name__,
                              "message": "the tests do not compile: " + str(e)[:2000]})
    checker_name = job.get("check_function")   # e.g. "check" for HumanEval
    checker_code = find_code(tests, checker_name) if checker_name else None
    if checker_name and checker_code is None:
        raise HarnessFailure({"status": "error", "stage": "tests", "exception": "LookupError",
                              "message": "the tests define no function " + checker_name})
    try:
        exec(program, ns)
    except BaseException as e:
        raise HarnessFailure(failure_payload(e, "program"))
    stage = "tests"
    try:
        reset_hooks()
        exec(tests, ns)
        if checker_name:
            checker = ns.get(checker_name)
            if getattr(checker, "__code__", None) is not checker_code:
                raise HarnessFailure({"status": "failed", "stage": "tests", "exception": "TamperedCheck",
                                      "message": "the check function was replaced before it ran"})
            entry = job.get("entry_point")
            if entry not in ns:
                raise HarnessFailure({"status": "failed", "stage": "tests", "exception": "NameError",
                                      "message": "name '%s' is not defined" % entry})
            reset_hooks()
            stage = "check"
            checker(ns[entry])
        reset_hooks()
    except HarnessFailure:
        raise
    except BaseException as e:
        raise HarnessFailure(failure_payload(e, stage))
    report({"status": "passed", "stage": "done"})


def run_call(job, report):
    import copy
    ns = {}
    try:
        exec(compile(job.get("program", ""), "<program>", "exec"), ns)
    except BaseException as e:
        raise HarnessFailure(failure_payload(e, "program"))
    entry = job.get("entry_point")
    fn = ns.get(entry)
    if not callable(fn):
        raise HarnessFailure({"status": "error", "stage": "program", "exception": "NameError",
                              "message": "no function named %r" % entry})
    inputs = job.get("inputs", [])
    for index, raw in enumerate(inputs):
        args = decode(raw) if isinstance(raw, dict) else raw
        if not isinstance(args, (list, tuple)):
            args = [args]
        args = copy.deepcopy(list(args))
        try:
            value = fn(*args)
        except BaseException as e:
            reset_hooks()
            status = "memory" if isinstance(e, MemoryError) else "exception"
            report({"output": index, "status": status, "exception": type(e).__name__, "message": str(e)[:500]})
            continue
        reset_hooks()
        try:
            encoded = encode(value)
            text = repr(value)
        except BaseException as e:
            report({"output": index, "status": "exception", "exception": type(e).__name__,
                    "message": "output could not be serialized: " + str(e)[:300]})
            continue
        report({"output": index, "status": "ok", "value": encoded, "repr": text[:4000]})
    report({"status": "passed", "stage": "done"})


# Harnesses (trusted code the tool sends, e.g. evalplus's checker) compiled once per worker.
HARNESS_CODE = {}


def harness_code(source):
    code = HARNESS_CODE.get(source)
    if code is None:
        code = HARNESS_CODE[source] = compile(source, "<harness>", "exec")
    return code


def run_harness(job, report):
    # The harness's main(job, report) runs the program itself and reports the verdict; its
    # final record may carry "data" back to the caller.
    ns = {"__name__": "harness"}
    exec(job["_harness_code"], ns)
    ns["main"](job, report)


def run_stdio(job):
    ns = {"__name__": "__main__"}
    code = compile(job.get("program", ""), "<program>", "exec")
    try:
        exec(code, ns)
    except SystemExit as e:
        if e.code not in (None, 0):
            raise


# ---------------------------- the parent ------------------------------------

def tail(fd):
    size = os.fstat(fd).st_size
    return os.pread(fd, TAIL, max(0, size - TAIL)).decode("utf-8", "replace"), size


def read_all(fd, cap):
    return os.pread(fd, cap, 0).decode("utf-8", "replace")


def children():
    found = []
    try:
        for tid in os.listdir("/proc/self/task"):
            with open("/proc/self/task/%s/children" % tid) as f:
                found.extend(int(x) for x in f.read().split())
    except (OSError, ValueError):
        pass
    return found


def become_job(limits):
    """In a forked job child: the job's own uid (as root), its rlimits, no core dumps, default
    signal handling, and SIGXFSZ ignored so output past the cap fails a write, not the process."""
    if JOB_UID is not None:
        os.setgroups([])
        os.setgid(JOB_UID)
        os.setuid(JOB_UID)
    for name, key in (("RLIMIT_CPU", "cpu"), ("RLIMIT_AS", "memory"), ("RLIMIT_FSIZE", "file_size"),
                      ("RLIMIT_NPROC", "processes"), ("RLIMIT_NOFILE", "open_files")):
        if key in limits and limits[key] is not None:
            value = int(limits[key])
            resource.setrlimit(getattr(resource, name), (value, value))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGPIPE, signal.SIGCHLD):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def reap():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def living(pids):
    """The pids that are still processes, not zombies waiting for their parent."""
    alive = []
    for pid in pids:
        try:
            with open("/proc/%d/stat" % pid, "rb") as f:
                state = f.read().rsplit(b")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state not in (b"Z", b"X"):
            alive.append(pid)
    return alive


def sweep(child_pid):
    """Kill everything the job left behind, and return only when nothing of it is left, so the
    verdict never goes out while the job's processes live, however busy the machine is.

    In our own pid namespace, kill(-1) reaches every process in it but its init and us, and the
    kernel lets no fork complete while that signal is delivered, so not even a fork bomb can
    outrun it. Elsewhere we kill what is below us (we are a subreaper, so orphans of the job
    come back to us) until nothing is."""
    try:
        os.killpg(child_pid, signal.SIGKILL)
    except OSError:
        pass
    while True:
        if SWEEP_NAMESPACE:
            try:
                os.kill(-1, signal.SIGKILL)
            except OSError:
                pass
            targets = [int(n) for n in os.listdir("/proc") if n.isdigit() and int(n) not in (1, MY_PID)]
        else:
            targets = children()
            for pid in targets:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        reap()
        if not living(targets):
            break
        time.sleep(0.0005)
    reap()


def remove_entries(directory, keep=()):
    try:
        names = os.listdir(directory)
    except OSError:
        return
    for name in names:
        if name in keep:
            continue
        path = os.path.join(directory, name)
        try:
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.unlink(path)
        except OSError:
            pass


def clean_up(job_dir):
    """Leave nothing from this job for the next: its directory, and (inside the sandbox,
    where /tmp and /dev/shm are private) anything else it managed to write there."""
    remove_entries(job_dir)
    if SWEEP_NAMESPACE:
        remove_entries(BASE_DIR, keep=(os.path.basename(job_dir),))
        remove_entries("/dev/shm")


JOB_DIR = os.path.join(BASE_DIR, "job")


def fresh_job_dir():
    """The job's working directory, reused across jobs and emptied after each."""
    if not os.path.isdir(JOB_DIR):
        os.mkdir(JOB_DIR, 0o700)
        if JOB_UID is not None:
            os.chown(JOB_DIR, JOB_UID, JOB_UID)
    return JOB_DIR


def capture_file(name, content=None):
    fd = os.memfd_create(name, 0)
    if content:
        os.write(fd, content)
        os.lseek(fd, 0, 0)
    return fd


# ---------------------------- command jobs -----------------------------------
# A "commands" job is a compiled or interpreted program in another language: the worker writes
# its files into the job directory, then runs each command (compile, then run) as its own
# process, forked here and exec'd under that step's rlimits and wall-clock limit, in its own
# process group, with capped output. The verdict is the exit status the kernel reports to this
# process, so the job cannot forge it.

def exec_child(argv, job_dir, limits, env, files):
    try:
        os.setsid()
        stdin_fd, out_fd, err_fd = files
        os.dup2(stdin_fd, 0)
        os.dup2(out_fd, 1)
        os.dup2(err_fd, 2)
        os.closerange(3, 1 << 16)
        os.chdir(job_dir)
        become_job(limits)
        environment = {"PATH": "/usr/bin:/bin", "HOME": job_dir, "TMPDIR": job_dir, "LANG": "C.UTF-8"}
        environment.update(env or {})
        os.execve(argv[0], argv, environment)
    except BaseException as e:
        try:
            os.write(2, ("cannot run %s: %s\n" % (argv[0] if argv else "?", e)).encode())
        except BaseException:
            pass
    os._exit(127)


def run_step(step, job_dir, default_limits):
    """Runs one command to its end or its limit; returns (result fields, out_fd, err_fd)."""
    argv = [str(a) for a in step.get("argv", [])]
    limits = step.get("limits") or default_limits
    timeout = float(step.get("timeout", 3.0))
    stdin_fd = capture_file("stdin")
    out_fd = capture_file("stdout")
    err_fd = capture_file("stderr")
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        exec_child(argv, job_dir, limits, step.get("env"), (stdin_fd, out_fd, err_fd))
    os.close(stdin_fd)
    pidfd = os.pidfd_open(pid)
    poller = select.poll()
    poller.register(pidfd, select.POLLIN)
    timed_out = not poller.poll(timeout * 1000)
    if timed_out:
        for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
            try:
                kill()
            except OSError:
                pass
    _, status_code = os.waitpid(pid, 0)
    duration = time.monotonic() - started
    sweep(pid)
    os.close(pidfd)
    stage = step.get("stage", "run")
    signal_number = os.WTERMSIG(status_code) if os.WIFSIGNALED(status_code) else None
    exit_code = os.WEXITSTATUS(status_code) if os.WIFEXITED(status_code) else None
    cpu = float(limits.get("cpu") or 1e9)
    result = {"stage": stage, "duration": duration}
    if timed_out:
        result.update(status="timeout", message="%s: wall-clock limit of %gs reached" % (stage, timeout))
    elif signal_number == signal.SIGXCPU or (signal_number == signal.SIGKILL and duration >= cpu - 0.05):
        result.update(status="timeout", message="%s: CPU time limit reached" % stage)
    elif signal_number is not None:
        # A crash (a failed C assert aborts, a Swift one traps) is the program failing, as
        # MultiPL-E counts it; only SIGKILL, which comes from outside, is "killed".
        result.update(status="killed" if signal_number == signal.SIGKILL else "failed", exception="Signal",
                      message="%s: killed by signal %d (%s)" % (stage, signal_number, signal.Signals(signal_number).name
                                                               if signal_number in signal.Signals._value2member_map_ else "?"))
    elif exit_code != 0:
        result.update(status="failed", exception="CompileError" if stage == "compile" else "ExitStatus",
                      message="%s: exit status %s" % (stage, exit_code))
    else:
        result.update(status="passed")
        text = os.pread(out_fd, 1 << 20, 0) + os.pread(err_fd, 1 << 20, 0)
        for marker in step.get("fail_output", []):
            if marker.encode() in text:
                result.update(status="failed", exception="FailingOutput", message="%s: the output says %r" % (stage, marker))
                break
    return result, out_fd, err_fd


def write_job_files(job_dir, files):
    for name, content in (files or {}).items():
        if not name or name.startswith("/") or ".." in name.split("/"):
            raise ValueError("bad file name %r" % name)
        path = os.path.join(job_dir, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(content)
        if JOB_UID is not None:
            os.chown(path, JOB_UID, JOB_UID)


def run_commands_job(job):
    started = time.monotonic()
    job_dir = fresh_job_dir()
    result = {"id": job.get("id"), "stdout": "", "stderr": "", "stdout_bytes": 0, "stderr_bytes": 0}
    out_fd = err_fd = None
    try:
        write_job_files(job_dir, job.get("files"))
        steps = job.get("commands") or []
        if not steps:
            raise ValueError("a commands job needs at least one command")
        for step in steps:
            if out_fd is not None:
                os.close(out_fd)
                os.close(err_fd)
            fields, out_fd, err_fd = run_step(step, job_dir, job.get("limits", {}))
            result.update({k: v for k, v in fields.items() if k != "duration"})
            if fields["status"] != "passed":
                break
        if result["status"] == "passed":
            result["stage"] = "done"
        result["stdout"], result["stdout_bytes"] = tail(out_fd)
        result["stderr"], result["stderr_bytes"] = tail(err_fd)
    except Exception as e:
        result.update(status="error", stage="setup", exception=type(e).__name__, message=str(e)[:2000])
    finally:
        for fd in (out_fd, err_fd):
            if fd is not None:
                os.close(fd)
        clean_up(job_dir)
    result["duration"] = round(time.monotonic() - started, 6)
    return result


def run_job(job):
    if job.get("shape") == "commands":
        return run_commands_job(job)
    if job.get("shape") == "harness":
        try:
            job["_harness_code"] = harness_code(job.get("harness", ""))
        except SyntaxError as e:
            return {"id": job.get("id"), "status": "error", "stage": "setup", "exception": "SyntaxError",
                    "message": "the harness does not compile: %s" % e, "duration": 0.0}
    started = time.monotonic()
    job_dir = fresh_job_dir()
    stdin_fd = capture_file("stdin", job.get("stdin", "").encode())
    out_fd = capture_file("stdout")
    err_fd = capture_file("stderr")
    nonce = os.urandom(16).hex()
    job["_nonce"] = nonce
    job["_dir"] = job_dir
    timeout = float(job.get("timeout", 3.0))
    report_r, report_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(report_r)
            child_main(job, report_w, (stdin_fd, out_fd, err_fd))
        finally:
            os._exit(70)
    os.close(report_w)
    os.close(stdin_fd)
    job["_nonce"] = None
    pidfd = os.pidfd_open(pid)
    poller = select.poll()
    poller.register(pidfd, select.POLLIN)
    poller.register(report_r, select.POLLIN)
    os.set_blocking(report_r, False)
    chunks, size = [], 0
    deadline = started + timeout
    timed_out = False
    exited = False
    while not exited:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out = True
            break
        for fd, _ in poller.poll(remaining * 1000):
            if fd == pidfd:
                exited = True
            elif fd == report_r:
                try:
                    data = os.read(report_r, 1 << 16)
                except BlockingIOError:
                    continue
                if not data:
                    poller.unregister(report_r)
                elif size < RESULT_CAP:
                    chunks.append(data)
                    size += len(data)
    status_code = None
    if timed_out:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    _, status_code = os.waitpid(pid, 0)
    duration = time.monotonic() - started
    sweep(pid)
    while True:
        try:
            data = os.read(report_r, 1 << 16)
        except (BlockingIOError, OSError):
            break
        if not data or size >= RESULT_CAP:
            break
        chunks.append(data)
        size += len(data)
    os.close(report_r)
    os.close(pidfd)
    # Only lines that carry this job's nonce count.
    prefix = nonce.encode() + b" "
    records = []
    for line in b"".join(chunks).split(b"\n"):
        if line.startswith(prefix):
            try:
                records.append(json.loads(line[len(prefix):]))
            except ValueError:
                pass
    final = None
    outputs = []
    for r in records:
        if "output" in r:
            outputs.append(r)
        elif final is None:
            final = r
    result = {"id": job.get("id"), "duration": round(duration, 6)}
    signal_number = os.WTERMSIG(status_code) if os.WIFSIGNALED(status_code) else None
    exit_code = os.WEXITSTATUS(status_code) if os.WIFEXITED(status_code) else None
    if timed_out:
        result.update(status="timeout", message="wall-clock limit of %gs reached" % timeout)
    elif signal_number == signal.SIGXCPU or (signal_number == signal.SIGKILL and
                                             duration >= float(job.get("limits", {}).get("cpu") or 1e9) - 0.05):
        result.update(status="timeout", message="CPU time limit reached")
    elif final is not None and exit_code == 0:
        result.update({k: v for k, v in final.items() if k in ("status", "stage", "exception", "message", "data")})
    elif signal_number is not None:
        result.update(status="killed", exception="Signal", message="killed by signal %d (%s)" % (
            signal_number, signal.Signals(signal_number).name if signal_number in signal.Signals._value2member_map_ else "?"))
    else:
        result.update(status="error", exception="EarlyExit",
                      message="the program exited (status %s) before the tests finished" % exit_code)
    out_tail, out_size = tail(out_fd)
    err_tail, err_size = tail(err_fd)
    result["stdout"], result["stderr"] = out_tail, err_tail
    result["stdout_bytes"], result["stderr_bytes"] = out_size, err_size
    if job.get("shape") == "stdio" and result["status"] == "passed":
        cap = int(job.get("limits", {}).get("file_size") or (1 << 20))
        produced = read_all(out_fd, cap)
        if job.get("return_stdout", True):
            result["output"] = produced
        if "expected_stdout" in job and job["expected_stdout"] is not None:
            if produced.split() != job["expected_stdout"].split():
                result.update(status="failed", exception="WrongOutput", message="standard output differs from the expected")
    if job.get("shape") == "call":
        result["outputs"] = [{k: v for k, v in o.items() if k != "output"} for o in sorted(outputs, key=lambda o: o["output"])]
        expected = job.get("expected")
        if result["status"] == "passed" and len(outputs) != len(job.get("inputs", [])):
            result.update(status="error", exception="MissingOutputs", message="not every input produced an output")
        if expected is not None:
            atol = float(job.get("atol") or 0)
            first_wrong = None
            for i, o in enumerate(result["outputs"]):
                ok = (i < len(expected) and o.get("status") == "ok"
                      and outputs_match(decode(o["value"]), decode(expected[i]), atol))
                o["match"] = ok
                if not ok and first_wrong is None:
                    first_wrong = i
            if result["status"] == "passed" and first_wrong is not None:
                o = result["outputs"][first_wrong]
                result.update(status="failed", exception=o.get("exception") or "WrongOutput",
                              message="input %d: %s" % (first_wrong, o.get("message") or "output differs from the expected"))
            if result["status"] == "passed" and len(expected) != len(result["outputs"]):
                result.update(status="failed", exception="WrongOutput", message="output count differs")
    if result.get("status") in ("failed", "error") and result.get("exception") == "MemoryError":
        result["status"] = "memory"
    os.close(out_fd)
    os.close(err_fd)
    clean_up(job_dir)
    return result


def main():
    # A process inherits its parent's blocked signals, and the Swift tool starts this worker
    # from a thread that blocks most of them (SIGALRM and SIGTERM among them). Blocked, a job's
    # SIGALRM timer (evalplus's per-input time limit) never fires, so every job starts with none.
    signal.pthread_sigmask(signal.SIG_SETMASK, set())
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    os.makedirs(BASE_DIR, exist_ok=True)
    try:  # orphans of a job are re-parented to us, so sweep() can find and kill them
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except Exception:
        pass
    gc.collect()
    gc.freeze()  # forked children then leave the parent's objects alone (fewer copied pages)
    send({"ready": True, "pid": MY_PID, "python": sys.version.split()[0]})
    while True:
        line = PROTOCOL_IN.readline()
        if not line:
            return
        try:
            job = json.loads(line)
        except ValueError as e:
            send({"id": None, "status": "error", "exception": "ProtocolError", "message": str(e)})
            continue
        try:
            result = run_job(job)
        except Exception as e:
            result = {"id": job.get("id"), "status": "error", "exception": "WorkerError",
                      "message": "%s: %s" % (type(e).__name__, e)}
        send(result)


if __name__ == "__main__":
    main()
