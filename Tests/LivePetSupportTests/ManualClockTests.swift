import Testing
@testable import LivePetSupport

/// The tests' clock: it moves only when told, and its sleepers wake exactly then.
@Suite struct ManualClockTests {
    @Test func bothReadingsMoveTogetherEvenInSteps() {
        let clock = ManualClock(uptime: 5_000_000_000, unixSeconds: 1_000)
        for _ in 0..<4 { clock.advance(by: .milliseconds(600)) }
        #expect(clock.uptimeNanos() == 7_400_000_000)
        #expect(clock.unixSeconds() == 1_002, "2.4 s of wall time in 0.6 s steps")
    }

    @Test func aSleeperWakesWhenAnAdvanceReachesItsDeadline() async throws {
        let clock = ManualClock()
        let woke = Task { try await clock.sleep(for: .seconds(10)); return clock.uptimeNanos() }
        while clock.sleeperCount == 0 { await Task.yield() }
        let start = clock.uptimeNanos()
        clock.advance(by: .milliseconds(9_999))
        #expect(clock.sleeperCount == 1, "not yet")
        clock.advance(by: .milliseconds(1))
        #expect(try await woke.value == start + 10_000_000_000)
        #expect(clock.sleeperCount == 0)
    }

    @Test func aCancelledSleeperThrowsAndLeavesNothingBehind() async throws {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(for: .seconds(1)) }
        while clock.sleeperCount == 0 { await Task.yield() }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
        // A deadline already passed returns at once.
        try await clock.sleep(untilNanos: clock.uptimeNanos())
    }
}
