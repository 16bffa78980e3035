import Testing
@testable import LivePetSession
@testable import LivePetSupport

/// The value types and tables behind every rate: exact, because time is passed in.
@Suite struct RateLimitTests {
    static let second: UInt64 = 1_000_000_000

    @Test func tokenBucketAllowsABurstThenTheRate() {
        var bucket = TokenBucket(rate: 10, burst: 20, now: 0)
        for _ in 0..<20 {
            let taken = bucket.take(now: 0)
            #expect(taken)
        }
        let r1 = bucket.take(now: 0)
        #expect(!r1)
        let r2 = bucket.nanosUntilToken(now: 0)
        #expect(r2 == Self.second / 10)
        let r3 = bucket.take(now: Self.second / 20)
        #expect(!r3)
        let r4 = bucket.take(now: Self.second / 10)
        #expect(r4)
        // A long pause refills to the burst, never beyond.
        let later = 100 * Self.second
        for _ in 0..<20 {
            let taken = bucket.take(now: later)
            #expect(taken)
        }
        let r5 = bucket.take(now: later)
        #expect(!r5)
    }

    @Test func tokenBucketSustainsExactlyItsRate() {
        var bucket = TokenBucket(rate: 10, burst: 1, now: 0)
        var taken = 0
        // Asked every millisecond for 3 seconds.
        for millisecond in 0...3000 where bucket.take(now: UInt64(millisecond) * 1_000_000) { taken += 1 }
        #expect(taken == 31)
    }

    @Test func slidingWindowCountsTheLastEventsOnly() {
        var window = SlidingWindow(limit: 3, window: 10)
        let r6 = window.record(now: 0)
        #expect(r6)
        let r7 = window.record(now: 1)
        #expect(r7)
        let r8 = window.record(now: 2)
        #expect(r8)
        let r9 = window.record(now: 5)
        #expect(!r9)
        let r10 = window.retryAfter(now: 5)
        #expect(r10 == 5)
        let r11 = window.record(now: 10)
        #expect(r11)
        let r12 = window.count(now: 10)
        #expect(r12 == 3)
        #expect(window.stamps == [1, 2, 10])
        #expect(!window.isStale(now: 19))
        #expect(window.isStale(now: 20))
    }

    @Test func forcedRecordsKeepAFloodOut() {
        var window = SlidingWindow(limit: 2, window: 10)
        let r13 = window.recordForcing(now: 0)
        #expect(r13)
        let r14 = window.recordForcing(now: 1)
        #expect(r14)
        // Knocking while refused pushes the end of the refusal back; memory stays at the limit.
        for now in stride(from: UInt64(2), through: 50, by: 3) {
            let r15 = window.recordForcing(now: now)
            #expect(!r15)
            #expect(window.stamps.count == 2)
        }
        let r16 = window.allows(now: 55)
        #expect(!r16)
        let r17 = window.allows(now: 60)
        #expect(r17)
    }

    @Test func keyedLimiterIsPerKeyAndForgetsIdleKeys() {
        let limiter = KeyedRateLimiter(limit: 2, window: 10 * Self.second)
        #expect(limiter.attempt("a", now: 0) == nil)
        #expect(limiter.attempt("a", now: 0) == nil)
        #expect(limiter.attempt("a", now: Self.second) == 9 * Self.second)
        #expect(limiter.attempt("b", now: Self.second) == nil)
        #expect(limiter.check("b", now: Self.second) == nil)
        #expect(limiter.trackedKeys == 2)
        limiter.prune(now: 10 * Self.second)
        #expect(limiter.trackedKeys == 2)
        limiter.prune(now: 12 * Self.second)
        #expect(limiter.trackedKeys == 0)
    }

    @Test func keyedLimiterStaysBoundedUnderAFloodOfKeys() {
        let limiter = KeyedRateLimiter(limit: 1, window: Self.second, maxKeys: 500)
        for index in 0..<5000 {
            // Every key once; the first 500 fill the table, the rest are allowed untracked.
            #expect(limiter.attempt("10.0.\(index / 256).\(index % 256)", now: 0) == nil)
        }
        #expect(limiter.trackedKeys == 500)
        // Once the window has passed, new keys prune the old ones away.
        for index in 0..<2000 { _ = limiter.attempt("k\(index)", now: 2 * Self.second) }
        #expect(limiter.trackedKeys == 500)
        #expect(limiter.check("k0", now: 2 * Self.second) != nil, "k0 is tracked: the stale keys made room")
    }

    @Test func loginGuardCountsFailuresAndCreationsPerAddress() throws {
        var limits = AbuseLimits()
        limits.loginFailures = 3
        limits.loginFailureWindow = .seconds(60)
        limits.accountsPerAddress = 1
        limits.accountWindow = .seconds(600)
        let guardian = LoginGuard(limits: limits, clock: ManualClock())
        // Attempts made at once each take a place: the fourth is refused before any is checked.
        for _ in 0..<3 {
            _ = try guardian.reservePasswordAttempt("10.0.0.1", now: 0).get()
        }
        #expect(throws: LoginGuard.Refusal.self) { try guardian.reservePasswordAttempt("10.0.0.1", now: Self.second).get() }
        if case .failure(let refusal) = guardian.reservePasswordAttempt("10.0.0.1", now: Self.second) {
            #expect(refusal.line.contains("Please wait 59 seconds"))
        }
        #expect((try? guardian.reservePasswordAttempt("10.0.0.2", now: Self.second).get()) != nil)
        #expect((try? guardian.reservePasswordAttempt("10.0.0.1", now: 60 * Self.second).get()) != nil)

        #expect(guardian.creationRefusal("2001:db8::1", now: 0) == nil)
        _ = try guardian.reserveCreation("2001:db8::1", now: 0).get()
        // Same /64, another address: the same subscriber.
        #expect(guardian.creationRefusal("2001:db8::2", now: 0)?.contains("10 minutes") == true)
        #expect(throws: LoginGuard.Refusal.self) { try guardian.reserveCreation("2001:db8::2", now: 0).get() }
        #expect(guardian.creationRefusal("2001:db8:0:1::2", now: 0) == nil)
    }

    @Test func aCancelledReservationGivesItsPlaceBack() throws {
        var limits = AbuseLimits()
        limits.loginFailures = 2
        limits.loginFailureWindow = .seconds(60)
        let guardian = LoginGuard(limits: limits, clock: ManualClock())
        // Right passwords (cancelled) never add up to a refusal...
        for step in 0..<10 {
            try guardian.reservePasswordAttempt("10.0.0.1", now: UInt64(step)).get().cancel()
        }
        // ...while the places kept (wrong passwords) do.
        _ = try guardian.reservePasswordAttempt("10.0.0.1", now: 20).get()
        let kept = try guardian.reservePasswordAttempt("10.0.0.1", now: 21).get()
        #expect(throws: LoginGuard.Refusal.self) { try guardian.reservePasswordAttempt("10.0.0.1", now: 22).get() }
        // Giving back one place frees exactly one.
        kept.cancel()
        _ = try guardian.reservePasswordAttempt("10.0.0.1", now: 23).get()
        #expect(throws: LoginGuard.Refusal.self) { try guardian.reservePasswordAttempt("10.0.0.1", now: 24).get() }
    }

    @Test func zeroTurnsALimitOff() {
        let guardian = LoginGuard(limits: .none, clock: ManualClock())
        for _ in 0..<100 { _ = guardian.reservePasswordAttempt("10.0.0.1", now: 0) }
        #expect((try? guardian.reservePasswordAttempt("10.0.0.1", now: 0).get()) != nil)
        #expect(guardian.trackedAddresses == 0)
    }
}
