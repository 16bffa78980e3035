import Testing
@testable import LivePetNet

/// The WebSocket stage's answers to pings, without sockets: a pong each, at most at the rate
/// the server gives it (its command rate) after the burst.
@Suite struct WebSocketStageTests {
    static func replies(_ actions: [TransportAction]) -> [[UInt8]] {
        actions.compactMap { action in
            if case .reply(let bytes) = action { return bytes }
            return nil
        }
    }

    @Test func pingsPastTheBurstGoUnansweredUntilTheRateGivesATokenBack() {
        var stage = WebSocketStage(maxLineBytes: 512, maxMessageBytes: 4096, pingRate: 10, pingBurst: 3, now: 0)
        var actions: [TransportAction] = []
        stage.receive((0..<5).flatMap { ClientFrame.ping([UInt8($0)]) }, now: 0, into: &actions)
        #expect(Self.replies(actions) == (0..<3).map { WebSocketFrameEncoder.pong([UInt8($0)]) })
        actions = []
        stage.receive(ClientFrame.ping([9]), now: 50_000_000, into: &actions)
        #expect(actions.isEmpty, "half a token at 10 a second after 50 ms")
        stage.receive(ClientFrame.ping([10]) + ClientFrame.ping([11]), now: 150_000_000, into: &actions)
        #expect(Self.replies(actions) == [WebSocketFrameEncoder.pong([10])])
        // Lines are not pings: they still come through (the command rate is the session's).
        actions = []
        stage.receive(ClientFrame.text("look"), now: 150_000_000, into: &actions)
        #expect(actions == [.event(.line("look", truncated: false))])
    }

    @Test func withoutARateEveryPingIsAnswered() {
        var stage = WebSocketStage(maxLineBytes: 512, maxMessageBytes: 4096)
        var actions: [TransportAction] = []
        stage.receive((0..<1000).flatMap { _ in ClientFrame.ping([1, 2]) }, now: 0, into: &actions)
        #expect(Self.replies(actions).count == 1000)
        #expect(Self.replies(actions).allSatisfy { $0 == WebSocketFrameEncoder.pong([1, 2]) })
    }
}
