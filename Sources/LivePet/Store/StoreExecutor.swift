import Foundation
import LivePetSupport
import LivePetWorld

/// A serial executor that runs every job on one dedicated thread of its own.
///
/// SQLite calls block (disk I/O, fsync); on the cooperative pool (2 threads here) they
/// would stall every other task. An actor that returns this executor from
/// `unownedExecutor` runs all its code on this thread instead.
final class StoreExecutor: SerialExecutor, @unchecked Sendable {
    // @unchecked Sendable: the only state is `queue`, which guards itself with a lock.
    private let queue = JobQueue()

    init(name: String) {
        let queue = self.queue
        // The thread holds only the queue, not the executor, so releasing the last
        // actor that uses this executor ends the thread (see deinit).
        let thread = Thread { [queue] in
            // Set from inside: on Linux a name set before start() is not applied to the
            // OS thread, which would keep the name of the thread that created it.
            Thread.current.name = name
            while let job = queue.next() {
                job.run()
            }
        }
        thread.start()
    }

    deinit {
        queue.finish()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.append(Work(job: job, executor: executor))
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    func checkIsolated() {
        precondition(queue.isCurrentThread, "expected to run on the store's thread")
    }

    /// A job and the executor it must report when it runs.
    fileprivate struct Work: Sendable {
        let job: UnownedJob
        let executor: UnownedSerialExecutor

        func run() { job.runSynchronously(on: executor) }
    }

    /// An unbounded FIFO: its length is bounded by the callers awaiting the actor.
    fileprivate final class JobQueue: @unchecked Sendable {
        // @unchecked Sendable: every field is read and written under `condition`.
        private let condition = NSCondition()
        private var jobs: [Work] = []
        private var head = 0
        private var finished = false
        private var thread: Thread?

        var isCurrentThread: Bool {
            condition.lock()
            defer { condition.unlock() }
            return thread == Thread.current
        }

        func append(_ work: Work) {
            condition.lock()
            jobs.append(work)
            condition.signal()
            condition.unlock()
        }

        func finish() {
            condition.lock()
            finished = true
            condition.signal()
            condition.unlock()
        }

        /// Blocks until a job is queued; nil once finished and drained.
        func next() -> Work? {
            condition.lock()
            defer { condition.unlock() }
            if thread == nil { thread = Thread.current }
            while head == jobs.count {
                if finished { return nil }
                condition.wait()
            }
            let work = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            return work
        }
    }
}
