import CLinux
import Glibc
import LivePetSupport
import LivePetTelnet
import Synchronization

/// Accepts clients on one listening socket and spreads them over the loops.
package final class Listener: LoopHandler, @unchecked Sendable {
    // @unchecked: all mutable state is confined to `loop`'s thread.

    let fd: Int32
    let port: Int
    unowned let loop: EventLoop
    private let loops: [EventLoop]
    private let limits: ConnectionLimits
    /// Bans and per-address limits, checked before a session exists (nil: admit everyone).
    private let gate: (any ConnectionAdmission)?
    private let makeDelegate: @Sendable (Connection) -> (any ConnectionDelegate)?
    private var nextLoop = 0
    private let numbers: ConnectionNumbers
    private var isClosed = false

    /// `numbers`: shared by listeners whose connections are numbered in one series.
    package init(fd: Int32, port: Int, loop: EventLoop, loops: [EventLoop], limits: ConnectionLimits, gate: (any ConnectionAdmission)? = nil,
         numbers: ConnectionNumbers = ConnectionNumbers(), makeDelegate: @escaping @Sendable (Connection) -> (any ConnectionDelegate)?) {
        self.fd = fd
        self.port = port
        self.loop = loop
        self.loops = loops
        self.limits = limits
        self.gate = gate
        self.makeDelegate = makeDelegate
        self.numbers = numbers
    }

    package func start() {
        loop.execute { [self] in
            do {
                try loop.register(fd, handler: self, events: EPOLLIN.rawValue)
            } catch {
                Logger.shared.error("listener", ["error": "\(error)"])
            }
        }
    }

    /// Stops accepting (loop thread via execute).
    package func stop() {
        loop.execute { [self] in loopDidStop() }
    }

    func handle(events: UInt32) {
        // Bounded per wake-up so a connection storm cannot starve the loop's clients.
        for _ in 0..<256 {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let client = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(fd, $0, &length) }
            }
            if client < 0 {
                let error = errno
                if error == EINTR || error == ECONNABORTED { continue }
                if error == EMFILE || error == ENFILE {
                    Logger.shared.warning("accept", ["error": "out of file descriptors"])
                }
                return
            }
            do {
                try Socket.setNonBlocking(client)
            } catch {
                Glibc.close(client)
                continue
            }
            Socket.configureClient(client)
            let address = Socket.describe(storage)
            // A trusted proxy carries many clients: its own address is not limited (the one it
            // forwards is, `Connection.forward`).
            let proxy = !limits.trustedProxies.isEmpty && limits.trustedProxies.contains(address)
            if let gate, let line = proxy ? gate.proxyRefusal(for: address) : gate.refusal(for: address) {
                Socket.refuse(client, line: line)
                continue
            }
            let release: @Sendable () -> Void = { [gate] in
                if proxy { gate?.releaseProxy(address) } else { gate?.release(address) }
            }
            let target = loops[nextLoop % loops.count]
            nextLoop += 1
            let connection = Connection(fd: client, peerAddress: address, loop: target, id: numbers.next(), limits: limits)
            guard let delegate = makeDelegate(connection) else {
                release()
                Glibc.close(client)
                continue
            }
            connection.attach(delegate)
            if gate != nil { connection.whenClosed(release) }
            connection.admission = gate
            target.execute {
                do {
                    try connection.open()
                } catch {
                    release()
                    Glibc.close(client)
                }
            }
        }
    }

    func loopDidStop() {
        guard !isClosed else { return }
        isClosed = true
        loop.deregister(fd)
        Glibc.close(fd)
    }
}

/// Connection IDs (for logs), one series for every listener of a server.
package final class ConnectionNumbers: Sendable {
    private let last = Atomic<UInt64>(0)

    package init() {}

    package func next() -> UInt64 { last.add(1, ordering: .relaxed).newValue }
}
