import Testing
@testable import LivePetSession

/// The inbox under a command rate: a paste runs, a flood is delayed then dropped, and a
/// disconnect never waits behind the queue.
@Suite struct SessionInboxTests {
    static let millisecond: UInt64 = 1_000_000

    static func lines(_ count: Int, in inbox: inout SessionInbox) -> Int {
        var started = 0
        for index in 0..<count {
            let (start, accepting) = inbox.push(.line("say \(index)", truncated: false))
            #expect(accepting, "a rate-limited inbox keeps reading")
            if start { started += 1 }
        }
        return started
    }

    static func lineCount(_ batch: SessionInbox.Batch) -> Int {
        batch.events.filter { if case .line = $0 { true } else { false } }.count
    }

    @Test func aPasteOfThirtyLinesRunsInFull() {
        var inbox = SessionInbox(rate: 10, burst: 20, queue: 50, now: 0)
        #expect(Self.lines(30, in: &inbox) == 1, "one drain task")
        let first = inbox.take(now: 0)
        #expect(Self.lineCount(first) == 20)
        #expect(first.wait == 100 * Self.millisecond)
        #expect(first.dropped == 0)
        var now: UInt64 = 0
        var ran = 20
        while ran < 30 {
            now += 100 * Self.millisecond
            let batch = inbox.take(now: now)
            #expect(Self.lineCount(batch) == 1)
            ran += Self.lineCount(batch)
        }
        #expect(now == 1000 * Self.millisecond)
        let last = inbox.take(now: now)
        #expect(last.isEmpty && last.wait == nil, "the drain task ends")
    }

    @Test func aFloodIsDelayedThenDroppedAndReportedOnce() {
        var inbox = SessionInbox(rate: 10, burst: 20, queue: 50, now: 0)
        _ = Self.lines(1000, in: &inbox)
        #expect(inbox.queuedLines == 50)
        let first = inbox.take(now: 0)
        #expect(Self.lineCount(first) == 20)
        #expect(first.dropped == 950)
        // More flood while the rest waits: counted, reported at most once a second.
        _ = Self.lines(100, in: &inbox)
        let soon = inbox.take(now: 100 * Self.millisecond)
        #expect(soon.dropped == 0)
        let later = inbox.take(now: 1100 * Self.millisecond)
        #expect(later.dropped > 0)
        #expect(inbox.count <= 50)
    }

    @Test func aDisconnectDiscardsWaitingLines() {
        var inbox = SessionInbox(rate: 10, burst: 2, queue: 50, now: 0)
        _ = Self.lines(10, in: &inbox)
        _ = inbox.push(.closed(byPeer: true))
        let batch = inbox.take(now: 0)
        #expect(Self.lineCount(batch) == 2)
        #expect(batch.events.last == .closed(byPeer: true))
        #expect(batch.wait == nil)
        #expect(inbox.count == 0)
    }

    @Test func otherEventsKeepTheirPlaceInLine() {
        var inbox = SessionInbox(rate: 10, burst: 1, queue: 50, now: 0)
        _ = inbox.push(.line("a", truncated: false))
        _ = inbox.push(.line("b", truncated: false))
        _ = inbox.push(.windowSize(width: 100, height: 40))
        let first = inbox.take(now: 0)
        #expect(first.events == [.line("a", truncated: false)])
        let second = inbox.take(now: 100 * Self.millisecond)
        #expect(second.events == [.line("b", truncated: false), .windowSize(width: 100, height: 40)])
    }

    @Test func repeatableTelnetEventsAreBoundedBehindWaitingLines() {
        var inbox = SessionInbox(rate: 10, burst: 1, queue: 50, now: 0)
        _ = Self.lines(2, in: &inbox)
        for _ in 0..<100_000 {
            _ = inbox.push(.windowSize(width: 80, height: 24))
            _ = inbox.push(.subnegotiation(option: 201, data: Array(repeating: 0x41, count: 100)))
        }
        _ = inbox.push(.deadline)
        #expect(inbox.count == 2 + SessionInbox.extraEvents + 1)
        let first = inbox.take(now: 0)
        #expect(first.events.count == 1)
        let rest = inbox.take(now: 100 * Self.millisecond)
        #expect(rest.events.count == 1 + SessionInbox.extraEvents + 1)
        #expect(rest.events.last == .deadline)
    }

    @Test func withoutARateTheInboxPushesBack() {
        var inbox = SessionInbox()
        var refused = 0
        for index in 0..<40 where !inbox.push(.line("\(index)", truncated: false)).accepting { refused += 1 }
        #expect(refused == 40 - SessionInbox.softLimit + 1)
        let batch = inbox.take(now: 0)
        #expect(batch.events.count == 40)
        #expect(batch.resume)
        #expect(batch.wait == nil)
    }
}
