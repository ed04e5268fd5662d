# Starts llama.cpp's server through the pinned `xllamacpp` wheel for `LocalEngine`, run as
# `python -c SOURCE MODEL PORT PARALLEL N_CTX THREADS ALIAS READY_FILE`.
#
# Builds CommonParams and a Server, writes the listening URL to the ready file (through a
# rename, so a reader never sees half a line), and waits for SIGINT/SIGTERM or for stdin to
# close (our parent process is gone), then exits at once.
#
# Embedded in the executable at build time (Package.swift, `.embedInCode`).
# Tests: Tests/Python/test_engine_launcher.py.

import os, signal, sys, threading
model, port, parallel, n_ctx, threads, alias, ready = sys.argv[1:8]
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
def watch_parent():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except Exception:
        pass
    os.kill(os.getpid(), signal.SIGTERM)
threading.Thread(target=watch_parent, daemon=True).start()
try:
    import xllamacpp
    params = xllamacpp.CommonParams()
    params.model.path = model
    params.model_alias = {alias}
    params.hostnames = ["127.0.0.1"]
    params.port = int(port)
    params.n_parallel = int(parallel)
    params.n_ctx = int(n_ctx)
    params.cpuparams.n_threads = int(threads)
    params.cpuparams_batch.n_threads = int(threads)
    params.endpoint_props = True
    # Prometheus counters at /metrics (tokens processed and generated), for monitoring and
    # for benchmarks that count the engine's own work.
    params.endpoint_metrics = True
    params.cont_batching = True
    server = xllamacpp.Server(params)
except BaseException as error:
    # Exit at once: a normal interpreter shutdown trips over the stdin watcher thread.
    sys.stderr.write("engine failed to start: %s\n" % (error,))
    sys.stderr.flush()
    os._exit(1)
with open(ready + ".tmp", "w") as f:
    f.write(server.listening_address + "\n")
os.replace(ready + ".tmp", ready)
signal.sigwait({signal.SIGINT, signal.SIGTERM})
sys.stdout.flush()
os._exit(0)
