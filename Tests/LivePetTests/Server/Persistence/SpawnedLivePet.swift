import Dispatch
import Foundation
import Glibc
import Synchronization
import Testing

/// The real `livepet` executable run as a child process, for tests of what only a process
/// shows: exit codes, stderr, kill -9, SIGTERM.
///
/// Output is read by one thread per stream (`readStream`, the test client's read loop) and the
/// exit is collected by threads blocked in `waitid` and `waitpid`, so nothing blocks Swift's
/// cooperative pool; async callers wait (`Watched`, the test client's waiter) until the awaited
/// text (or exit) arrives, or fail after their timeout, quoting what the process had written. The child is spawned so that it never shares a
/// descriptor with this process, not even for a moment (see `spawn`).
final class SpawnedLivePet: Sendable {
    /// How the process ended.
    enum Exit: Equatable, CustomStringConvertible {
        case code(Int32)
        case signal(Int32)

        var description: String {
            switch self {
            case .code(let code): "exit code \(code)"
            case .signal(let number): "signal \(number)"
            }
        }
    }

    /// The `livepet` binary SwiftPM built next to this test bundle (`swift test` builds it
    /// too), or why it could not be found.
    static let executable: Result<String, LocateError> = locateExecutable()

    struct LocateError: Error, CustomStringConvertible {
        var description: String
    }

    /// True when the binary exists; tests that need it are disabled with a message otherwise.
    static var isAvailable: Bool {
        if case .success = executable { return true }
        return false
    }

    let pid: pid_t
    let arguments: [String]
    private let state = Watched(ProcessState())

    private init(pid: pid_t, arguments: [String]) {
        self.pid = pid
        self.arguments = arguments
    }

    // MARK: Starting

    /// Starts `livepet` with `arguments`, with stdin from /dev/null and an environment of
    /// only PATH (so no `LIVEPET_*` variable of the caller leaks in).
    static func start(_ arguments: [String]) async throws -> SpawnedLivePet {
        let path: String
        switch executable {
        case .success(let found): path = found
        case .failure(let error): throw error
        }
        // Spawning blocks for a moment (until the child has exec'd): keep it off the pool.
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try spawn(path: path, arguments: arguments) })
            }
        }
    }

    /// Starts a process, runs `body`, and kills it (SIGKILL) if it still runs when `body`
    /// ends or throws, so a failing test never leaves a server behind.
    static func run<R>(_ arguments: [String], _ body: (SpawnedLivePet) async throws -> R) async throws -> R {
        let process = try await start(arguments)
        do {
            let result = try await body(process)
            await process.killAndReap()
            return result
        } catch {
            await process.killAndReap()
            throw error
        }
    }

    /// Why the spawn goes through a thread with its own, nearly empty descriptor table:
    /// a child made by fork/posix_spawn holds a copy of every descriptor of the parent until
    /// its exec closes them, and `flock` locks belong to the open file, so for that moment
    /// the child also "holds" every `<db>.lock` of this process. A test elsewhere that
    /// closes a store and reopens it in that moment would be told the database is in use.
    /// `close_range(3, ~0, CLOSE_RANGE_UNSHARE)` gives the spawning thread a table copied
    /// from descriptors 0–2 only, so the child never shares one of our files. Its output
    /// then goes to FIFOs the child opens by path; the readers here open the other ends.
    private static func spawn(path: String, arguments: [String]) throws -> SpawnedLivePet {
        var template = Array("/tmp/livepet-spawn-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw SpawnError("mkdtemp: \(String(cString: strerror(errno)))") }
        let directory = String(cString: made)
        let outPath = directory + "/stdout", errPath = directory + "/stderr"
        defer {
            unlink(outPath)
            unlink(errPath)
            rmdir(directory)
        }
        guard mkfifo(outPath, 0o600) == 0, mkfifo(errPath, 0o600) == 0 else {
            throw SpawnError("mkfifo: \(String(cString: strerror(errno)))")
        }
        // Non-blocking, so opening a FIFO's read end does not wait for a writer.
        let outFD = open(outPath, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        let errFD = open(errPath, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard outFD >= 0, errFD >= 0 else {
            if outFD >= 0 { Glibc.close(outFD) }
            throw SpawnError("open FIFO: \(String(cString: strerror(errno)))")
        }

        let launch = Mutex<Result<pid_t, SpawnError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let exited = DispatchSemaphore(value: 0)
        // This thread may do nothing but unshare, spawn, wait and signal: a thread it created
        // (or that Dispatch created from it) would share its private table. It lives as long
        // as the child, because the child's parent-death signal follows the spawning thread.
        let spawner = Thread {
            let result = privateTableSpawn(path: path, arguments: arguments, stdout: outPath, stderr: errPath)
            launch.withLock { $0 = result }
            done.signal()
            guard case .success(let pid) = result else { return }
            var info = siginfo_t()
            // Without reaping: the reaper does that under the lock `signal` takes.
            while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
            exited.signal()
        }
        spawner.name = "livepet-spawner"
        spawner.start()
        done.wait()
        let pid: pid_t
        switch launch.withLock({ $0 })! {
        case .success(let spawned): pid = spawned
        case .failure(let error):
            Glibc.close(outFD)
            Glibc.close(errFD)
            throw error
        }
        // The child opened the write ends before exec, and posix_spawn returns after exec:
        // from now on a read of 0 bytes means end of file.
        for fd in [outFD, errFD] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) }
        let process = SpawnedLivePet(pid: pid, arguments: arguments)
        process.startReading(outFD, stream: .stdout)
        process.startReading(errFD, stream: .stderr)
        process.startReaping(after: exited)
        return process
    }

    /// `close_range` from glibc 2.34 (not exported by the Glibc overlay). Nil when missing.
    private static let closeRange: (@convention(c) (UInt32, UInt32, Int32) -> Int32)? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "close_range") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UInt32, UInt32, Int32) -> Int32).self)
    }()

    /// util-linux's setpriv, which can set the parent-death signal before it execs.
    private static let setpriv = "/usr/bin/setpriv"

    /// Runs on a thread of its own, which it leaves with a private descriptor table.
    private static func privateTableSpawn(path: String, arguments: [String], stdout: String, stderr: String) -> Result<pid_t, SpawnError> {
        let closeRangeUnshare: Int32 = 1 << 1  // CLOSE_RANGE_UNSHARE
        // Without close_range (glibc < 2.34 or Linux < 5.9) the spawn still works; only the
        // rare brief sharing described in `spawn` comes back.
        _ = closeRange?(3, UInt32.max, closeRangeUnshare)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY, 0)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child starts with default signal actions and an empty mask, whatever the test
        // runner set up (the server installs its own handling).
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGINT, SIGTERM, SIGPIPE, SIGCHLD] { sigaddset(&defaults, number) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        // Through setpriv when there is one, so that a server never outlives a test run
        // that crashed or was killed: it gets SIGKILL when its spawning thread goes.
        var program = path
        var words = [path] + arguments
        if access(setpriv, X_OK) == 0 {
            program = setpriv
            words = [setpriv, "--pdeathsig", "KILL", "--"] + words
        }
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = [strdup("PATH=/usr/local/bin:/usr/bin:/bin"), nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, program, &actions, &attributes, argv, envp)
        guard status == 0 else {
            return .failure(SpawnError("posix_spawn \(program): \(String(cString: strerror(status)))"))
        }
        return .success(pid)
    }

    private static func locateExecutable() -> Result<String, LocateError> {
        var candidates: [String] = []
        if let override = ProcessInfo.processInfo.environment["LIVEPET_EXECUTABLE"], !override.isEmpty {
            candidates.append(override)
        }
        // SwiftPM puts every product of a configuration in one folder: the test bundle
        // (LivePetPackageTests.xctest, an executable on Linux) sits next to `livepet`.
        if let me = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("livepet").path)
        }
        if let first = CommandLine.arguments.first {
            let bundle = URL(fileURLWithPath: first).standardizedFileURL
            candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("livepet").path)
        }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
            return .success(candidate)
        }
        return .failure(LocateError(description:
            "the livepet executable is not built next to the test bundle (looked at \(candidates.joined(separator: ", "))); run `swift build --build-tests` or set LIVEPET_EXECUTABLE"))
    }

    // MARK: Signals and exit

    /// Sends `number` to the process (if it has not been reaped yet).
    func signal(_ number: Int32) {
        state.read { state in
            // After waitpid the pid may belong to someone else (reaping takes the same lock).
            if state.exit == nil { _ = kill(pid, number) }
        }
    }

    var hasExited: Bool { state.read { $0.exit != nil } }

    /// Waits for the process to exit and for both streams to reach end of file, so the
    /// output read afterwards is complete.
    @discardableResult
    func waitForExit(timeout: Duration = .seconds(5)) async throws -> Exit {
        try await wait(timeout: timeout, what: "the process to exit") { $0.exit != nil && $0.stdoutEOF && $0.stderrEOF }
        return state.read { $0.exit! }
    }

    private func killAndReap() async {
        signal(SIGKILL)
        _ = try? await waitForExit(timeout: .seconds(5))
    }

    // MARK: Output

    var standardError: String { state.read { String(decoding: $0.stderr, as: UTF8.self) } }
    var standardOutput: String { state.read { String(decoding: $0.stdout, as: UTF8.self) } }

    /// Non-empty lines written to stderr so far.
    var errorLines: [String] {
        standardError.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// Waits for a whole stderr line (after `offset` lines) containing every one of
    /// `fragments`; returns that line.
    @discardableResult
    func waitForLog(_ fragments: String..., after offset: Int = 0, timeout: Duration = .seconds(5)) async throws -> String {
        let match: @Sendable (String) -> Bool = { line in fragments.allSatisfy { line.contains($0) } }
        // A process that has gone will write no more: fail fast instead of timing out.
        try await wait(timeout: timeout, what: "a log line with \(fragments)") { state in
            state.completeLines.dropFirst(offset).contains(where: match) || (state.exit != nil && state.stderrEOF)
        }
        let (line, stderr) = state.read { state in
            (state.completeLines.dropFirst(offset).first(where: match), String(decoding: state.stderr, as: UTF8.self))
        }
        guard let line else {
            throw SpawnError("livepet exited before writing a log line with \(fragments); stderr: \(stderr.debugDescription)")
        }
        return line
    }

    /// Number of complete stderr lines so far (to wait only for lines written after now).
    var logLineCount: Int { state.read { $0.completeLines.count } }

    /// Waits for the `event=listening` log line and returns its port.
    func listeningPort(timeout: Duration = .seconds(5)) async throws -> Int {
        let line = try await waitForLog("event=listening", timeout: timeout)
        guard let field = line.split(separator: " ").first(where: { $0.hasPrefix("port=") }),
              let port = Int(field.dropFirst("port=".count)) else {
            throw SpawnError("no port in the listening line: \(line)")
        }
        return port
    }

    // MARK: Threads

    private enum Stream { case stdout, stderr }

    private func startReading(_ fd: Int32, stream: Stream) {
        let thread = Thread { [self] in
            _ = readStream(fd) { bytes in
                state.update { state in
                    switch stream {
                    case .stdout: state.stdout.append(contentsOf: bytes)
                    case .stderr: state.appendError(bytes)
                    }
                }
            }
            Glibc.close(fd)
            state.update { state in
                switch stream {
                case .stdout: state.stdoutEOF = true
                case .stderr: state.stderrEOF = true
                }
            }
        }
        thread.name = "livepet-child-\(stream)"
        thread.start()
    }

    /// Reaps the child once the spawning thread has seen it exit.
    private func startReaping(after exited: DispatchSemaphore) {
        let pid = pid
        let thread = Thread { [self] in
            exited.wait()
            state.update { state in
                var status: Int32 = 0
                var result: pid_t
                repeat {
                    result = waitpid(pid, &status, 0)
                } while result < 0 && errno == EINTR
                // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift cannot import.
                state.exit = result < 0 ? .code(-1)
                    : (status & 0x7F) == 0 ? .code((status >> 8) & 0xFF) : .signal(status & 0x7F)
            }
        }
        thread.name = "livepet-child-wait"
        thread.start()
    }

    private func wait(timeout: Duration, what: String, until condition: @escaping @Sendable (ProcessState) -> Bool) async throws {
        let arguments = arguments
        try await state.wait(timeout: timeout, until: condition) { state in
            SpawnError("timed out after \(timeout) waiting for \(what) (livepet \(arguments.joined(separator: " ")); \(state.exit.map { "\($0)" } ?? "still running"); stderr: \(String(decoding: state.stderr, as: UTF8.self).debugDescription))")
        }
    }
}

/// A child-process test failure, with what the process wrote.
struct SpawnError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Everything the readers, the reaper and the waiters share.
private struct ProcessState: Sendable {
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    var completeLines: [String] = []
    private var partialLine: [UInt8] = []
    var stdoutEOF = false
    var stderrEOF = false
    var exit: SpawnedLivePet.Exit?

    mutating func appendError(_ bytes: ArraySlice<UInt8>) {
        stderr.append(contentsOf: bytes)
        for byte in bytes {
            if byte == 10 {
                completeLines.append(String(decoding: partialLine, as: UTF8.self))
                partialLine = []
            } else {
                partialLine.append(byte)
            }
        }
    }
}

extension SpawnedLivePet {
    /// `livepet serve` on 127.0.0.1 and an ephemeral port, on the database `db`, with cheap
    /// password hashing and `motd` as the message of the day, then `extra`.
    static func serveArguments(db: String, motd: String = "Persistence test", _ extra: [String] = []) -> [String] {
        ["serve", "--host", "127.0.0.1", "--port", "0", "--db", db, "--motd-text", motd, "--password-cost", "1"] + extra
    }
}

extension Trait where Self == ConditionTrait {
    /// For suites that run the real binary: skipped when it was not built next to the tests.
    static var needsLivePetExecutable: Self {
        .enabled(if: SpawnedLivePet.isAvailable, "needs the livepet executable built next to the test bundle")
    }
}
