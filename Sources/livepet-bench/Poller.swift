import CLinux
import Glibc

/// Level-triggered epoll; each registration carries the connection's index as its token.
final class Poller {
    private let epfd: Int32
    private var events: [epoll_event]

    init(capacity: Int = 4096) throws(BenchError) {
        epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epfd >= 0 else { throw BenchError.system("epoll_create1") }
        events = Array(repeating: epoll_event(), count: capacity)
    }

    deinit {
        close(epfd)
    }

    static let readable = EPOLLIN.rawValue | EPOLLRDHUP.rawValue
    static let writable = EPOLLOUT.rawValue

    func add(_ fd: Int32, token: Int, events mask: UInt32) -> Bool {
        var event = epoll_event()
        event.events = mask
        event.data.u64 = UInt64(token)
        return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event) == 0
    }

    func modify(_ fd: Int32, token: Int, events mask: UInt32) {
        var event = epoll_event()
        event.events = mask
        event.data.u64 = UInt64(token)
        _ = epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &event)
    }

    func remove(_ fd: Int32) {
        _ = epoll_ctl(epfd, EPOLL_CTL_DEL, fd, nil)
    }

    /// Waits up to `timeout` ms and calls `body(token, events)` for each ready descriptor.
    func wait(timeout: Int32, _ body: (Int, UInt32) -> Void) {
        let count = events.withUnsafeMutableBufferPointer {
            epoll_wait(epfd, $0.baseAddress, Int32($0.count), timeout)
        }
        guard count > 0 else { return }
        for i in 0..<Int(count) {
            let event = events[i]
            body(Int(truncatingIfNeeded: event.data.u64), event.events)
        }
    }
}
