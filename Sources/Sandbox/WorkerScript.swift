/// The program each sandbox worker runs: `Python/sandbox_worker.py`, embedded at build time.
/// That file says what it does and why its verdict can be trusted.
enum WorkerScript {
    static let source = String(decoding: PackageResources.sandbox_worker_py, as: UTF8.self)
}
