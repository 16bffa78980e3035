import CLinux
import Foundation
import Glibc
import LivePetSupport
import LivePetTelnet
import Synchronization

/// One thread running epoll over its share of the connections, and the serial executor of
/// the sessions of those connections.
///
/// Everything a loop owns (its descriptors, each connection's telnet state and write
/// cursor) is touched only on its thread. Other threads reach it in two ways, both
/// through one lock: `execute` queues a closure, and `flush` queues connections whose
/// output grew. Either wakes the loop with one eventfd write, and only when it is not
/// already awake, so a broadcast to a thousand members costs one wake-up and then one
/// coalesced `write` per member (a few connections of an idle loop are written by the
/// caller instead, under each connection's lock). Descriptors are level-triggered: a
/// handler may stop early (fairness) and will be called again.
///
/// Sessions run here too (`SerialExecutor`): a line read on this thread is handled, and
/// its room's broadcast queued, in the same round, and output for this loop's members is
/// written before the next `epoll_wait` — no thread hand-off and no wake-up on the way,
/// which is how a single-threaded IRC server answers. What this thread queues for itself
/// never writes the eventfd: the loop re-checks its inbox before it sleeps. Once the loop
/// has stopped, jobs run on a serial fallback queue so late continuations still finish.
package final class EventLoop: @unchecked Sendable {
    // @unchecked: `handlers` and the read buffer are confined to the loop
    // thread; cross-thread state lives in `inbox`, a Mutex.

    private struct Inbox {
        var tasks: [@Sendable () -> Void] = []
        var jobs: [UnownedJob] = []
        var flushes: [Connection] = []
        var awake = false
        var stopping = false
    }

    let index: Int
    /// The server's clock: housekeeping and every connection's timers read it.
    package let clock: any ServerClock
    private let epfd: Int32
    private let wakeFD: Int32
    private let inbox = Mutex(Inbox())
    private var handlers: [LoopHandler?] = []
    private var spareTasks: [@Sendable () -> Void] = []
    private var spareJobs: [UnownedJob] = []
    /// The loop thread's id, set when it starts; zero before (nothing is "on" the loop).
    private let threadID = Atomic<UInt>(0)
    /// Runs jobs once the loop has stopped; suspended until then so the two never overlap.
    private let fallback = DispatchQueue(label: "livepet-loop-fallback")
    private let fallbackSuspended = Atomic<Bool>(true)
    private var spareFlushes: [Connection] = []
    let readBuffer: UnsafeMutableRawBufferPointer
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)
    package private(set) var connectionCount = 0
    /// Housekeeping rounds done (tests that move a manual clock wait for the next one).
    package let housekeepingRounds = Atomic<Int>(0)

    package init(index: Int, clock: any ServerClock) throws {
        self.index = index
        self.clock = clock
        epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epfd >= 0 else { throw SocketError("epoll_create1") }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeFD >= 0 else { close(epfd); throw SocketError("eventfd") }
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = wakeFD
        guard epoll_ctl(epfd, EPOLL_CTL_ADD, wakeFD, &event) == 0 else { throw SocketError("epoll_ctl(eventfd)") }
        fallback.suspend()
    }

    deinit {
        resumeFallback()
        close(wakeFD)
        close(epfd)
        readBuffer.deallocate()
    }

    package func start() {
        let thread = Thread { [self] in
            self.run()
            // Jobs queued from now on run on the fallback queue, even when `stop` was
            // called on this thread and so did not wait for it.
            self.resumeFallback()
            self.finished.signal()
        }
        thread.name = "livepet-loop-\(index)"
        thread.stackSize = 1 << 20
        self.thread = thread
        thread.start()
    }

    /// Asks the loop to finish its current iteration and stop; waits for it, except on the
    /// loop's own thread (a job running on the loop can stop it, and must not wait for
    /// itself: the loop stops once that job returns).
    package func stop() {
        let wasRunning = inbox.withLock { state -> Bool in
            let running = !state.stopping
            state.stopping = true
            return running
        }
        guard wasRunning, thread != nil else {
            if thread == nil { resumeFallback() }
            return
        }
        guard !isCurrent else { return }
        wake()
        finished.wait()
        resumeFallback()
    }

    private func resumeFallback() {
        if fallbackSuspended.compareExchange(expected: true, desired: false, ordering: .relaxed).exchanged {
            fallback.resume()
        }
    }

    /// True on this loop's own thread.
    var isCurrent: Bool {
        threadID.load(ordering: .relaxed) == UInt(bitPattern: Int(bitPattern: pthread_self()))
    }

    // MARK: Cross-thread entry points

    /// Runs `task` on the loop thread, soon.
    package func execute(_ task: @escaping @Sendable () -> Void) {
        push { state, _ in
            state.tasks.append(task)
            return true
        }
    }

    /// Queues a connection whose outbound buffer has new bytes.
    func scheduleFlush(_ connection: Connection) {
        push { state, _ in
            state.flushes.append(connection)
            return true
        }
    }

    /// Gets this loop's `connections` written: queued for the loop, or, when a broadcaster on
    /// another thread finds the loop idle and the batch small, written by that thread
    /// (`Connection.flushDirect`; what it cannot write goes to the loop after all).
    ///
    /// Waking an idle loop (an eventfd write, two context switches, an `epoll_wait` and an
    /// eventfd read) costs more than a few `send`s; a loop that is awake already, or a
    /// large batch, is better served by the loop (it coalesces and runs on its own core).
    func flush<C: Collection<Connection>>(_ connections: C) {
        let small = connections.count <= Self.directFlushLimit
        let queued = push { state, onLoop in
            if small, !onLoop, !state.awake { return false }
            state.flushes.append(contentsOf: connections)
            return true
        }
        guard !queued else { return }
        for connection in connections where !connection.flushDirect() {
            scheduleFlush(connection)
        }
    }

    /// The most connections of one loop a broadcaster writes itself instead of waking it.
    static let directFlushLimit = 8

    /// Adds work under the lock unless `add` declines (it is told whether this is the loop's
    /// own thread); returns whether it added. Wakes the loop only if it may be asleep and
    /// this is another thread (the loop itself re-checks before sleeping).
    @discardableResult
    private func push(_ add: (inout Inbox, _ onLoop: Bool) -> Bool) -> Bool {
        let onLoop = isCurrent
        let (queued, needsWake) = inbox.withLock { state -> (Bool, Bool) in
            guard add(&state, onLoop) else { return (false, false) }
            defer { state.awake = true }
            return (true, !state.awake && !onLoop)
        }
        if needsWake { wake() }
        return queued
    }

    private func wake() {
        var one: UInt64 = 1
        _ = Glibc.write(wakeFD, &one, 8)
    }

    // MARK: Loop-thread API

    func register(_ fd: Int32, handler: LoopHandler, events: UInt32) throws {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        guard epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event) == 0 else { throw SocketError("epoll_ctl(add)") }
        let slot = Int(fd)
        if slot >= handlers.count {
            handlers.append(contentsOf: repeatElement(nil, count: max(slot + 1 - handlers.count, handlers.count)))
        }
        handlers[slot] = handler
        if handler is Connection { connectionCount += 1 }
    }

    func modify(_ fd: Int32, events: UInt32) {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        _ = epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &event)
    }

    /// Removes `fd` from the loop; the caller closes it afterwards.
    func deregister(_ fd: Int32) {
        _ = epoll_ctl(epfd, EPOLL_CTL_DEL, fd, nil)
        let slot = Int(fd)
        if slot < handlers.count, let handler = handlers[slot] {
            if handler is Connection { connectionCount -= 1 }
            handlers[slot] = nil
        }
    }

    /// Every connection currently registered (loop thread only).
    package func forEachConnection(_ body: (Connection) -> Void) {
        for case let handler? in handlers {
            if let connection = handler as? Connection { body(connection) }
        }
    }

    private func run() {
        threadID.store(UInt(bitPattern: Int(bitPattern: pthread_self())), ordering: .relaxed)
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        // Housekeeping runs every 250 ms of real time (a polling cadence, not a deadline);
        // the timers it checks read the server's clock, which a test may move by hand.
        let cadence = SystemClock.shared
        var nextHousekeeping = cadence.uptimeNanos()
        while true {
            // Work this thread queued for itself (housekeeping can) never wakes it: look first.
            let moreWork = inbox.withLock { !$0.tasks.isEmpty || !$0.jobs.isEmpty || !$0.flushes.isEmpty }
            let count = epoll_wait(epfd, events, Int32(capacity), moreWork ? 0 : 250)
            if count < 0 && errno != EINTR { break }
            for i in 0..<Int(max(count, 0)) {
                let event = events[i]
                let fd = event.data.fd
                if fd == wakeFD {
                    var value: UInt64 = 0
                    _ = Glibc.read(wakeFD, &value, 8)
                    continue
                }
                let slot = Int(fd)
                if slot < handlers.count, let handler = handlers[slot] {
                    handler.handle(events: event.events)
                }
            }
            if drainInbox() { break }
            let real = cadence.uptimeNanos()
            if real >= nextHousekeeping {
                nextHousekeeping = real + 250_000_000
                let now = clock.uptimeNanos()
                forEachConnection { $0.housekeep(now: now) }
                housekeepingRounds.add(1, ordering: .releasing)
            }
        }
        // Stopping: close whatever is still open, flushing what we can.
        for case let handler? in handlers { handler.loopDidStop() }
        // Connections hold their loop strongly; let go of them so both can be freed.
        handlers.removeAll()
    }

    /// Runs queued jobs, closures and flushes, again while more arrive (a job's broadcast
    /// queues flushes for this loop), a few rounds at most so sockets get their turn.
    /// Returns true when the loop must stop.
    private func drainInbox() -> Bool {
        for _ in 0..<8 {
            var tasks = spareTasks
            var jobs = spareJobs
            var flushes = spareFlushes
            let stopping = inbox.withLock { state -> Bool in
                swap(&tasks, &state.tasks)
                swap(&jobs, &state.jobs)
                swap(&flushes, &state.flushes)
                state.awake = false
                return state.stopping
            }
            let executor = asUnownedSerialExecutor()
            let taskExecutor = asUnownedTaskExecutor()
            for job in jobs { job.runSynchronously(isolatedTo: executor, taskExecutor: taskExecutor) }
            for task in tasks { task() }
            for connection in flushes { connection.flushFromLoop() }
            tasks.removeAll(keepingCapacity: tasks.capacity <= 4096)
            jobs.removeAll(keepingCapacity: jobs.capacity <= 4096)
            flushes.removeAll(keepingCapacity: flushes.capacity <= 16384)
            spareTasks = tasks
            spareJobs = jobs
            spareFlushes = flushes
            if stopping { return true }
            let more = inbox.withLock { !$0.tasks.isEmpty || !$0.jobs.isEmpty || !$0.flushes.isEmpty }
            if !more { return false }
        }
        return false
    }
}

extension EventLoop: SerialExecutor, TaskExecutor {
    /// Session jobs, and the jobs of tasks that prefer this loop (a session's drain task):
    /// run on the loop thread in order with its I/O; after the loop has stopped, on the
    /// fallback queue (resumed only once the thread is done).
    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let queued = push { state, _ in
            guard !state.stopping else { return false }
            state.jobs.append(job)
            return true
        }
        if !queued {
            let executor = asUnownedSerialExecutor()
            let taskExecutor = asUnownedTaskExecutor()
            fallback.async { job.runSynchronously(isolatedTo: executor, taskExecutor: taskExecutor) }
        }
    }

    @inlinable package func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    @inlinable package func asUnownedTaskExecutor() -> UnownedTaskExecutor {
        UnownedTaskExecutor(ordinary: self)
    }

    package func checkIsolated() {
        precondition(isCurrent || !fallbackSuspended.load(ordering: .relaxed), "not on the loop's executor")
    }
}

/// Something with a descriptor on an event loop.
protocol LoopHandler: AnyObject {
    func handle(events: UInt32)
    /// The loop is stopping: release the descriptor.
    func loopDidStop()
}
