import CLinux
import Glibc
import LivePetSupport
import LivePetTelnet

/// Thin helpers over BSD sockets. Every descriptor LivePet owns is non-blocking and close-on-exec.
package enum Socket {
    static func setNonBlocking(_ fd: Int32) throws {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) >= 0 else { throw SocketError("fcntl(O_NONBLOCK)") }
        let fdFlags = fcntl(fd, F_GETFD)
        guard fdFlags >= 0, fcntl(fd, F_SETFD, fdFlags | FD_CLOEXEC) >= 0 else { throw SocketError("fcntl(FD_CLOEXEC)") }
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
        var value = value
        _ = setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Interactive traffic: no Nagle delay (we coalesce ourselves), keepalive to reap dead peers.
    static func configureClient(_ fd: Int32) {
        setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
        setOption(fd, SOL_SOCKET, SO_KEEPALIVE, 1)
        setOption(fd, Int32(IPPROTO_TCP), TCP_KEEPIDLE, 120)
        setOption(fd, Int32(IPPROTO_TCP), TCP_KEEPINTVL, 30)
        setOption(fd, Int32(IPPROTO_TCP), TCP_KEEPCNT, 4)
    }

    /// Writes one line to a client we will not serve and closes it, never waiting: the socket
    /// is fresh, so the line fits its send buffer. Input already received is drained first so
    /// that the close sends FIN after the line rather than a reset that could discard it.
    static func refuse(_ fd: Int32, line: String) {
        var bytes = Array(line.utf8)
        _ = Glibc.send(fd, &bytes, bytes.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
        _ = shutdown(fd, Int32(SHUT_WR))
        var scratch = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<16 {
            if recv(fd, &scratch, scratch.count, Int32(MSG_DONTWAIT)) <= 0 { break }
        }
        Glibc.close(fd)
    }

    /// Opens a listening socket. An empty host, `*` or `::` listens on every interface,
    /// IPv6 and IPv4 alike (dual stack), falling back to IPv4 when IPv6 is unavailable.
    package static func listen(host: String, port: Int, backlog: Int32 = 4096) throws -> (fd: Int32, port: Int) {
        let wildcard = host.isEmpty || host == "*" || host == "::"
        if wildcard {
            do {
                return try bind(family: AF_INET6, address: "::", port: port, dualStack: true, backlog: backlog)
            } catch let error as SocketError where [EAFNOSUPPORT, EADDRNOTAVAIL, EPROTONOSUPPORT].contains(error.code) {
                // No IPv6 on this machine: IPv4 alone. Any other failure (a port in use) is real.
                return try bind(family: AF_INET, address: "0.0.0.0", port: port, dualStack: false, backlog: backlog)
            }
        }
        let family = host.contains(":") ? AF_INET6 : AF_INET
        return try bind(family: family, address: host, port: port, dualStack: false, backlog: backlog)
    }

    private static func bind(family: Int32, address: String, port: Int, dualStack: Bool, backlog: Int32) throws -> (fd: Int32, port: Int) {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError("socket") }
        var ok = false
        defer { if !ok { close(fd) } }
        setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
        if family == AF_INET6 { setOption(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, dualStack ? 0 : 1) }
        var status: Int32
        if family == AF_INET6 {
            var addr = sockaddr_in6()
            addr.sin6_family = sa_family_t(AF_INET6)
            addr.sin6_port = in_port_t(UInt16(port).bigEndian)
            guard inet_pton(AF_INET6, address, &addr.sin6_addr) == 1 else { throw SocketError("address \(address)", code: EINVAL) }
            status = bind(fd, &addr)
        } else {
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            guard inet_pton(AF_INET, address, &addr.sin_addr) == 1 else { throw SocketError("address \(address)", code: EINVAL) }
            status = bind(fd, &addr)
        }
        guard status == 0 else { throw SocketError("bind \(address) port \(port)") }
        guard Glibc.listen(fd, backlog) == 0 else { throw SocketError("listen") }
        ok = true
        return (fd, localPort(fd))
    }

    /// `bind(2)` with a `sockaddr_in` or `sockaddr_in6`.
    private static func bind<Address>(_ fd: Int32, _ address: inout Address) -> Int32 {
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<Address>.size)) }
        }
    }

    static func localPort(_ fd: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard status == 0 else { return 0 }
        return port(of: storage)
    }

    static func port(of storage: sockaddr_storage) -> Int {
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) } }
        case AF_INET6:
            return withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) } }
        default:
            return 0
        }
    }

    /// The peer's address as text; IPv4-mapped IPv6 addresses are shown as plain IPv4.
    static func describe(_ storage: sockaddr_storage) -> String {
        var storage = storage
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(storage.ss_family) {
        case AF_INET:
            withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    var addr = $0.pointee.sin_addr
                    _ = inet_ntop(AF_INET, &addr, &buffer, socklen_t(buffer.count))
                }
            }
        case AF_INET6:
            withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    var addr = $0.pointee.sin6_addr
                    _ = inet_ntop(AF_INET6, &addr, &buffer, socklen_t(buffer.count))
                }
            }
        default:
            return "unknown"
        }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("::ffff:"), text.contains(".") { return String(text.dropFirst(7)) }
        return text
    }

    /// Raises the soft descriptor limit to the hard limit so 10,000 clients fit.
    @discardableResult
    package static func raiseDescriptorLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return -1 }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return Int(clamping: limit.rlim_cur)
    }
}
