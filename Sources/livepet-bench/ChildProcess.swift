import Foundation
import Glibc

/// A program the bench starts (the server, or `livepet seed`), with stdout and stderr in a
/// log file. A benchmark must never leave a million-pet server running, so the child ends
/// with the bench on every path: callers `defer { stop() }` for normal and error exits; a
/// handler for SIGINT, SIGTERM, SIGHUP and SIGQUIT (Ctrl-C, `timeout`) stops it before the
/// bench dies; and when `/usr/bin/setpriv` exists the child is started through it with a
/// parent-death signal, so the kernel sends it SIGTERM even if the bench crashes or is
/// killed with SIGKILL (setpriv execs the program: the pid is the server's own).
final class ChildProcess {
    let pid: pid_t
    let logPath: String
    /// The raw wait status once reaped.
    private(set) var waitStatus: Int32?

    /// The child to stop from the signal handler; one at a time (the bench runs them in turn).
    nonisolated(unsafe) private static var current: pid_t = 0
    nonisolated(unsafe) private static var handlersInstalled = false

    private static let setpriv = "/usr/bin/setpriv"

    /// Starts `executable` with `arguments`. The environment is the bench's without any
    /// `LIVEPET_*` variable (a stray LIVEPET_TICK would change what is measured), plus `extra`.
    init(executable: String, arguments: [String], extra environment: [String: String] = [:], logPath: String) throws(BenchError) {
        guard access(executable, X_OK) == 0 else { throw BenchError("\(executable) is not an executable file (see --server-binary).") }
        Self.installHandlers()
        var argv = [executable] + arguments
        if access(Self.setpriv, X_OK) == 0 {
            argv = [Self.setpriv, "--pdeathsig", "TERM"] + argv
        }
        var variables = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LIVEPET_") }
        variables.merge(environment) { _, new in new }
        let env = variables.map { "\($0.key)=\($0.value)" }.sorted()

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // The bench ignores SIGPIPE, and ignored signals survive exec: give the child defaults.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = env.map { strdup($0) } + [nil]
        defer {
            for pointer in cArguments { free(pointer) }
            for pointer in cEnvironment { free(pointer) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, argv[0], &actions, &attributes, cArguments, cEnvironment)
        guard status == 0 else {
            throw BenchError("posix_spawn \(executable) failed: \(String(cString: strerror(status)))", code: status)
        }
        pid = child
        self.logPath = logPath
        Self.current = child
    }

    deinit { stop() }

    /// Reaps the child if it has exited; true while it runs.
    var isRunning: Bool {
        guard waitStatus == nil else { return false }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid || (result < 0 && errno == ECHILD) {
            reaped(result == pid ? status : 0)
            return false
        }
        return true
    }

    /// Waits up to `seconds` for the child to exit; true if it did.
    @discardableResult
    func wait(seconds: Double) -> Bool {
        let deadline = MonotonicClock.nanos() + MonotonicClock.nanos(seconds: seconds)
        while isRunning {
            if MonotonicClock.nanos() >= deadline { return false }
            Self.sleep(milliseconds: 10)
        }
        return true
    }

    /// SIGTERM, up to `grace` seconds for a clean exit (the server writes its last
    /// checkpoint), then SIGKILL. Returns the seconds it took; safe to call again.
    @discardableResult
    func stop(grace: Double = 30) -> Double {
        let started = MonotonicClock.nanos()
        guard isRunning else { return 0 }
        kill(pid, SIGTERM)
        if !wait(seconds: grace) {
            BenchMain.log("pid \(pid) still running \(Int(grace)) s after SIGTERM: SIGKILL")
            kill(pid, SIGKILL)
            var status: Int32 = 0
            reaped(waitpid(pid, &status, 0) == pid ? status : 0)
        }
        return Double(MonotonicClock.nanos() - started) / 1e9
    }

    /// "exit 0", "exit 1", "signal 9", or "running".
    var exitDescription: String {
        guard let status = waitStatus else { return "running" }
        let signal = status & 0x7f
        return signal == 0 ? "exit \((status >> 8) & 0xff)" : "signal \(signal)"
    }

    var exitedCleanly: Bool { waitStatus.map { $0 & 0x7f == 0 && ($0 >> 8) & 0xff == 0 } ?? false }

    /// The last `count` lines of the log, for error messages.
    func logTail(_ count: Int = 10) -> String {
        let lines = (ServerProbe.read(logPath) ?? "").split(separator: "\n")
        return lines.suffix(count).joined(separator: "\n")
    }

    private func reaped(_ status: Int32) {
        waitStatus = status
        if Self.current == pid { Self.current = 0 }
    }

    static func sleep(milliseconds: Int) {
        var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }

    /// Ctrl-C or `timeout` would otherwise end the bench and leave the server behind. The
    /// handler uses only async-signal-safe calls (kill, waitpid, nanosleep), then lets the
    /// signal take its default course.
    private static func installHandlers() {
        guard !handlersInstalled else { return }
        handlersInstalled = true
        for number in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            _ = signal(number) { received in
                let child = ChildProcess.current
                if child > 0 {
                    kill(child, SIGTERM)
                    var status: Int32 = 0
                    var pause = timespec(tv_sec: 0, tv_nsec: 10_000_000)
                    var waited = 0
                    while waitpid(child, &status, WNOHANG) == 0 {
                        if waited == 3000 {  // 30 s
                            kill(child, SIGKILL)
                            waitpid(child, &status, 0)
                            break
                        }
                        nanosleep(&pause, nil)
                        waited += 1
                    }
                }
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }
}
