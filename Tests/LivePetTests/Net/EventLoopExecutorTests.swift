import Dispatch
import Testing
@testable import LivePetSupport
@testable import LivePetNet

/// An actor whose executor is an event loop, as a session's is.
private actor LoopBound {
    nonisolated let loop: EventLoop
    private(set) var log: [Int] = []

    init(loop: EventLoop) {
        self.loop = loop
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor {
        loop.asUnownedSerialExecutor()
    }

    /// Records `value`; returns whether it ran on the loop's own thread.
    func record(_ value: Int) -> Bool {
        log.append(value)
        return loop.isCurrent
    }
}

/// The event loop as a serial executor: sessions' jobs run on the loop thread, in order, and
/// still run (on the fallback queue) once the loop has stopped, so shutdown never strands one.
@Suite struct EventLoopExecutorTests {
    @Test func jobsRunOnTheLoopThreadInOrder() async throws {
        let loop = try EventLoop(index: 0, clock: SystemClock.shared)
        loop.start()
        defer { loop.stop() }
        let bound = LoopBound(loop: loop)
        for value in 0..<100 {
            #expect(await bound.record(value))
        }
        #expect(await bound.log == Array(0..<100))
        #expect(!loop.isCurrent)
    }

    @Test func jobsFromManyTasksAllRunOnTheLoop() async throws {
        let loop = try EventLoop(index: 0, clock: SystemClock.shared)
        loop.start()
        defer { loop.stop() }
        let bound = LoopBound(loop: loop)
        let onLoop = await withTaskGroup(of: Bool.self) { group in
            for value in 0..<200 { group.addTask { await bound.record(value) } }
            return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(onLoop == 200)
        #expect(await bound.log.sorted() == Array(0..<200))
    }

    @Test func jobsStillRunAfterTheLoopHasStopped() async throws {
        let loop = try EventLoop(index: 0, clock: SystemClock.shared)
        loop.start()
        let bound = LoopBound(loop: loop)
        #expect(await bound.record(1))
        loop.stop()
        // The loop thread is gone: the job runs on the fallback queue instead of never.
        #expect(await bound.record(2) == false)
        #expect(await bound.log == [1, 2])
    }

    /// Before, `stop` waited for the loop's thread to finish even on that thread: the
    /// server's shutdown hung for good when its job ran on a loop. A deadlock here leaves
    /// the loop thread stuck, but the test fails after 10 s instead of hanging the run.
    @Test func aJobOnTheLoopCanStopIt() async throws {
        let loop = try EventLoop(index: 0, clock: SystemClock.shared)
        loop.start()
        let stopped = DispatchSemaphore(value: 0)
        let ranOnLoop = DispatchSemaphore(value: 0)
        loop.execute {
            if loop.isCurrent { ranOnLoop.signal() }
            loop.stop()
            stopped.signal()
        }
        try #require(stopped.wait(timeout: .now() + 10) == .success, "stop() on the loop's own thread did not return")
        #expect(ranOnLoop.wait(timeout: .now()) == .success)
        // The loop thread ends once that closure returns; jobs then run on the fallback queue.
        let bound = LoopBound(loop: loop)
        #expect(await bound.record(2) == false)
        #expect(await bound.log == [2])
    }

    @Test func aLoopThatNeverStartedRunsJobsOnceStopped() async throws {
        let loop = try EventLoop(index: 0, clock: SystemClock.shared)
        loop.stop()
        let bound = LoopBound(loop: loop)
        #expect(await bound.record(7) == false)
        #expect(await bound.log == [7])
    }
}
