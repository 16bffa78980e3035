import CLinux
import Glibc

/// A `livepet` server the bench starts on a copy of the world and stops afterwards, so a
/// run measures a fresh process on a known file. "Listening" means a loopback `connect()`
/// succeeds (tried every 5 ms), which is what a client sees, rather than a log line.
final class SpawnedServer {
    let process: ChildProcess
    let port: UInt16
    /// From just before the spawn to the first successful connect.
    private(set) var listeningSeconds = 0.0

    var pid: Int32 { process.pid }
    var logPath: String { process.logPath }

    /// The server flags that turn every per-address and rate limit off: the load comes
    /// from one address, faster than any person.
    static let limitsOff = ["--max-per-address", "0", "--connect-rate", "0", "--command-rate", "0", "--chat-limit", "0",
                            "--accounts-per-address", "0", "--login-failures", "0"]

    /// Spawns the server on `database` with `arguments` after the common ones and waits
    /// (up to `timeout` seconds) until it accepts connections.
    init(options: BenchOptions, database: String, arguments: [String], environment: [String: String] = [:],
         logName: String, timeout: Double) throws(BenchError) {
        port = try options.portGiven ? options.port : Self.freePort(host: options.host)
        if Self.canConnect(host: options.host, port: port) {
            throw BenchError("something already listens on \(options.host):\(port); choose another --port.")
        }
        let common = ["--host", options.host, "--port", "\(port)", "--db", database, "--motd-text", "bench"]
        let started = MonotonicClock.nanos()
        process = try ChildProcess(executable: options.serverBinary, arguments: common + arguments,
                                   extra: environment, logPath: options.workDirectory + "/" + logName)
        let deadline = started + MonotonicClock.nanos(seconds: timeout)
        while !Self.canConnect(host: options.host, port: port) {
            guard process.isRunning else {
                throw BenchError("the server ended (\(process.exitDescription)) before listening:\n\(process.logTail())")
            }
            guard MonotonicClock.nanos() < deadline else {
                process.stop()
                throw BenchError("the server was not listening on port \(port) after \(Int(timeout)) s:\n\(process.logTail())")
            }
            ChildProcess.sleep(milliseconds: 5)
        }
        listeningSeconds = Double(MonotonicClock.nanos() - started) / 1e9
    }

    /// Stops the server (SIGTERM, SIGKILL after 30 s); returns the seconds it took.
    @discardableResult
    func stop() -> Double { process.stop(grace: 30) }

    var log: ServerLog { ServerLog(path: logPath) }

    /// A blocking loopback connect: refused at once while nothing listens.
    static func canConnect(host: String, port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = Self.address(host: host, port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// A port the kernel says is free now (bound to port 0, then released), so runs never
    /// collide with a server someone else is running on 4000.
    static func freePort(host: String) throws(BenchError) -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw BenchError.system("socket") }
        defer { close(fd) }
        var address = Self.address(host: host, port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let status = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 ? getsockname(fd, $0, &length) : -1
            }
        }
        guard status == 0 else { throw BenchError.system("bind 127.0.0.1:0") }
        return UInt16(bigEndian: address.sin_port)
    }

    private static func address(host: String, port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(port.bigEndian)
        _ = inet_pton(AF_INET, host, &address.sin_addr)
        return address
    }
}
