import Foundation

/// How workers are contained.
public enum Isolation: Sendable, Hashable {
    /// Each worker inside bubblewrap: no network, read-only system, private /tmp, no home.
    case bubblewrap
    /// Plain processes with rlimits only; for people who know what they are doing.
    case none
}

/// Builds the command line that starts one worker.
struct WorkerCommand {
    var isolation: Isolation
    var python: PythonInstallation
    /// The uid jobs drop to when the worker runs as real root (so RLIMIT_NPROC applies).
    var jobUID: Int?
    /// For `.none`: a private directory for job files.
    var scratchDirectory: String?
    /// Names the pool on the worker's command line, so its processes can be found.
    var poolIdentifier: String = ""
    /// Toolchain folders outside /usr to show read-only (`SandboxConfiguration.readOnlyPaths`).
    var readOnlyPaths: [String] = []

    /// `bwrap` on PATH (or in the usual places); INVERSE_INSTRUCT_BWRAP names another one.
    static func findBubblewrap() -> String? {
        let fileManager = FileManager.default
        if let chosen = ProcessInfo.processInfo.environment["INVERSE_INSTRUCT_BWRAP"] {
            return fileManager.isExecutableFile(atPath: chosen) ? chosen : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") + ["/usr/bin", "/bin", "/usr/local/bin"] {
            let candidate = "\(directory)/bwrap"
            if fileManager.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Executable and arguments.
    func arguments(bubblewrap: String?) throws -> (String, [String]) {
        var config: [String: Any] = ["tail_bytes": 2048, "pool": poolIdentifier]
        let interpreter = [python.executable, "-I", "-B", "-c", WorkerScript.source]
        switch isolation {
        case .none:
            config["sweep_namespace"] = false
            config["base_dir"] = scratchDirectory ?? NSTemporaryDirectory()
            return (python.executable, Array(interpreter.dropFirst()) + [try Self.json(config)])
        case .bubblewrap:
            guard let bubblewrap else { throw SandboxError.bubblewrapMissing }
            config["sweep_namespace"] = true
            config["base_dir"] = "/tmp"
            if let jobUID { config["job_uid"] = jobUID }
            var args = ["--die-with-parent", "--new-session"]
            if geteuid() == 0 {
                // Real root: no user namespace, so the job can drop to its own uid and
                // RLIMIT_NPROC (never enforced for uid 0) holds.
                args += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
                // The worker keeps only what it needs to hand the job its own uid and clean up
                // after it; the job itself loses every capability when it changes uid.
                args += ["--cap-drop", "ALL"]
                for capability in ["CAP_SETUID", "CAP_SETGID", "CAP_CHOWN", "CAP_KILL", "CAP_DAC_OVERRIDE", "CAP_FOWNER"] {
                    args += ["--cap-add", capability]
                }
            } else {
                args += ["--unshare-all"]
            }
            args += ["--ro-bind", "/usr", "/usr"]
            let fileManager = FileManager.default
            for top in ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"] {
                if let target = try? fileManager.destinationOfSymbolicLink(atPath: top) {
                    args += ["--symlink", target, top]
                } else if fileManager.fileExists(atPath: top) {
                    args += ["--ro-bind", top, top]
                }
            }
            // /etc itself must be enterable by the job's uid (bwrap would make it 0700): Debian's
            // programs reach their binaries through /etc/alternatives (php, javac, java).
            args += ["--perms", "0755", "--dir", "/etc"]
            for file in ["/etc/ld.so.cache", "/etc/localtime", "/etc/alternatives"] {
                args += ["--ro-bind-try", file, file]
            }
            var made: Set<String> = ["/", "/usr", "/tmp", "/proc", "/dev", "/etc"]
            let extra = readOnlyPaths.filter { fileManager.fileExists(atPath: $0) }
            for root in python.roots + extra where !(root == "/usr" || root.hasPrefix("/usr/")) {
                // bwrap makes missing parents 0700, which a dropped uid cannot enter.
                var parent = ""
                for component in root.split(separator: "/").dropLast() {
                    parent += "/" + component
                    if made.insert(parent).inserted { args += ["--perms", "0755", "--dir", parent] }
                }
                args += ["--ro-bind", root, root]
            }
            args += ["--tmpfs", "/tmp", "--proc", "/proc", "--dev", "/dev", "--chdir", "/tmp",
                     "--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/tmp",
                     "--setenv", "LANG", "C.UTF-8"]
            return (bubblewrap, args + interpreter + [try Self.json(config)])
        }
    }

    private static func json(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}
