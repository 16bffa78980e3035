import Glibc
import Synchronization
import Testing
@testable import LivePetSupport
@testable import LivePetNet
@testable import LivePetSession
@testable import LivePetTelnet

private let iac = TelnetCommand.iac

/// What a connection queues is bounded whoever produces it (the telnet engine's own answers
/// included), and building output costs time linear in its size.
@Suite(.serialized) struct OutputBoundTests {
    static let aytAnswer = Array("[LivePet is here]".utf8)
    /// How long to wait for an answer that must come (a read returns as soon as it does): the
    /// whole suite starting at once on two cores delays the first tests by seconds.
    static let patience: Duration = .seconds(20)

    static func negotiation(_ command: UInt8, _ option: UInt8) -> [UInt8] {
        [iac, command, option]
    }

    static func repeated(_ bytes: [UInt8], count: Int) -> [UInt8] {
        Array([[UInt8]](repeating: bytes, count: count).joined())
    }

    // MARK: Negotiation answers

    /// RFC 1143 keeps negotiation from looping, but a refusal used to go out for every request:
    /// `IAC DO 99` without reading made the server queue 3 bytes per 3 received, forever.
    @Test func aRepeatedRequestIsAnsweredOncePerStateChange() async throws {
        try await Abuse.run { server in
            let attacker = try await TestClient.connect(port: server.port, .hostile(receiveBufferSize: 4096))
            defer { attacker.close() }
            let eor = TelnetOption.eor
            var burst: [UInt8] = []
            burst += Self.repeated(Self.negotiation(TelnetCommand.do, 99), count: 300)    // refused once: WONT 99
            burst += Self.repeated(Self.negotiation(TelnetCommand.will, 99), count: 300)  // refused once: DONT 99
            burst += Self.repeated(Self.negotiation(TelnetCommand.do, eor), count: 300)   // our own offer agreed: no answer
            burst += Self.repeated(Self.negotiation(TelnetCommand.dont, eor), count: 300) // off: one WONT EOR
            burst += Self.repeated(Self.negotiation(TelnetCommand.do, eor), count: 300)   // on again: one WILL EOR
            burst += [iac, TelnetCommand.ayt]
            #expect(await attacker.write(burst))
            // The AYT answer comes after every answer to what was sent before it.
            let (bytes, closed) = await attacker.read(until: String(decoding: Self.aytAnswer, as: UTF8.self), timeout: Self.patience)
            #expect(!closed)
            #expect(bytes.occurrences(of: Self.aytAnswer) == 1)
            #expect(bytes.occurrences(of: Self.negotiation(TelnetCommand.wont, 99)) == 1)
            #expect(bytes.occurrences(of: Self.negotiation(TelnetCommand.dont, 99)) == 1)
            #expect(bytes.occurrences(of: Self.negotiation(TelnetCommand.wont, eor)) == 1)
            // The opening offer, then the answer to the second DO after the DONT.
            #expect(bytes.occurrences(of: Self.negotiation(TelnetCommand.will, eor)) == 2)
        }
    }

    /// The same at the negotiator: each option and side answers a refused request once, and an
    /// accepted option once per change of state.
    @Test func theNegotiatorAnswersARefusalOnce() {
        var negotiator = TelnetNegotiator(localOptions: [TelnetOption.eor], remoteOptions: [TelnetOption.naws])
        var out: [UInt8] = []
        for _ in 0..<100 {
            _ = negotiator.receive(.do(99), into: &out)
            _ = negotiator.receive(.will(99), into: &out)
            _ = negotiator.receive(.do(TelnetOption.naws), into: &out)  // only the peer may do NAWS
        }
        let refusals = Self.negotiation(TelnetCommand.wont, 99) + Self.negotiation(TelnetCommand.dont, 99)
            + Self.negotiation(TelnetCommand.wont, TelnetOption.naws)
        #expect(out.count == refusals.count, "\(out.count / 3) answers to 300 requests")
        #expect(out.count != refusals.count || out == refusals)
        out.removeAll()
        for _ in 0..<3 {
            #expect(negotiator.receive(.do(TelnetOption.eor), into: &out) != nil)
            #expect(negotiator.receive(.do(TelnetOption.eor), into: &out) == nil)
            #expect(negotiator.receive(.dont(TelnetOption.eor), into: &out) != nil)
            #expect(negotiator.receive(.dont(TelnetOption.eor), into: &out) == nil)
        }
        let toggle = Self.negotiation(TelnetCommand.will, TelnetOption.eor) + Self.negotiation(TelnetCommand.wont, TelnetOption.eor)
        #expect(out == Self.repeated(toggle, count: 3))
    }

    // MARK: The queue cap

    /// Toggling TTYPE makes the server answer DO TTYPE, a terminal-type request and DONT TTYPE:
    /// twelve bytes for six, every one a change of state and so answered. A client that sends
    /// that and never reads must be hung up on once its queue passes the cap: within what it
    /// takes to send that much, not when the login timeout (60 s here) ends it.
    @Test func anUnreadingClientIsCutOffAtTheCapNotAtTheLoginTimeout() async throws {
        try await Abuse.run({ $0.loginTimeout = .seconds(60) }) { server in
            let memory = ResidentMemory.bytes()
            let bystander = try await Abuse.bystander(server)
            let attacker = try await TestClient.connect(port: server.port, .hostile(receiveBufferSize: 4096))
            defer { attacker.close() }
            let toggle = Self.negotiation(TelnetCommand.will, TelnetOption.ttype) + Self.negotiation(TelnetCommand.wont, TelnetOption.ttype)
            let chunk = Self.repeated(toggle, count: 65536 / toggle.count)
            // The server's answers fill the kernel's buffers (a few MiB on loopback) and then its
            // 256 KiB queue: 32 MiB sent is far past that.
            let budget = 32 << 20
            let started = ContinuousClock.now
            let flooded = Mutex(TestClient.FloodResult())
            try await Abuse.whileAttacking(bystander) {
                let result = await attacker.flood(chunk, budget: budget)
                flooded.withLock { $0 = result }
            }
            let elapsed = ContinuousClock.now - started
            let result = flooded.withLock { $0 }
            #expect(result.closed, "the server still read after \(result.sent >> 20) MiB of answers it could not send")
            #expect(result.sent < budget)
            #expect(elapsed < .seconds(20), "the cut-off took \(elapsed)")
            try await server.waitUntil("the attacker's connection is released") {
                server.services.gate.openConnections(from: "127.0.0.2") == 0
            }
            Abuse.expectBoundedMemory(since: memory, "TTYPE toggle flood")
        }
    }

    /// A prompt pushed up by other output is sent again at the next flush, which cannot refuse
    /// it: the cap keeps room for one prompt, so what is queued never passes it.
    @Test func theCapKeepsRoomForThePromptShownAgain() throws {
        // A loop that is never started but looks awake: what is sent just queues.
        let loop = try EventLoop(index: 98, clock: SystemClock.shared)
        loop.execute {}
        var fds: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds) == 0)
        defer { fds.forEach { _ = Glibc.close($0) } }
        var limits = ConnectionLimits()
        limits.maxQueuedBytes = 1000
        let connection = Connection(fd: fds[0], peerAddress: "test", loop: loop, id: 1, limits: limits)
        connection.sendPrompt(String(repeating: "p", count: 300))
        // 300 + CR LF + 300 queued, and the prompt to come again: 902.
        connection.send(String(repeating: "a", count: 300))
        #expect(!connection.hasOverflowed)
        // 752 queued, 1,052 with the prompt.
        connection.send(String(repeating: "b", count: 150))
        #expect(connection.hasOverflowed)
    }

    // MARK: AYT

    /// Any number of AYTs in one read get one answer.
    @Test func aBurstOfAYTGetsOneAnswerPerRead() async throws {
        try await Abuse.run { server in
            let attacker = try await TestClient.connect(port: server.port, .hostile())
            defer { attacker.close() }
            let marker = String(decoding: Self.aytAnswer, as: UTF8.self)
            // One write of 2,000 bytes: one segment on loopback, so one read.
            #expect(await attacker.write(Self.repeated([iac, TelnetCommand.ayt], count: 1000)))
            let (first, _) = await attacker.read(until: marker, timeout: Self.patience)
            #expect(await attacker.write([iac, TelnetCommand.ayt]))
            let (second, closed) = await attacker.read(until: marker, timeout: Self.patience)
            #expect(!closed)
            let answers = (first + second).occurrences(of: Self.aytAnswer)
            #expect(answers == 2, "\(answers) answers to 1,001 AYTs in two reads")
        }
    }

    /// An AYT flood in 64 KiB writes from a client that never reads used to keep its loop busy
    /// for over a second per read (quadratic answer building), so everyone on that loop waited.
    /// With one loop, a bystander's `who` must stay prompt. The bound is generous (debug build,
    /// two loaded cores: 20-80 ms measured); the old code took 1.2-1.8 s in a release build and
    /// 2.8 s in this test. The flood must still be running when the probes end, or they
    /// measured nothing.
    @Test func aBystanderOnTheSameLoopStaysPromptDuringAnAYTFlood() async throws {
        try await Abuse.run({ $0.loops = 1 }) { server in
            let memory = ResidentMemory.bytes()
            let bystander = try await Abuse.bystander(server)
            let attacker = try await TestClient.connect(port: server.port, .hostile(receiveBufferSize: 4096))
            defer { attacker.close() }
            let chunk = Self.repeated([iac, TelnetCommand.ayt], count: 32768)
            let done = Abuse.Flag()
            let (underWay, underWayContinuation) = AsyncStream<Void>.makeStream()
            async let flooded = attacker.flood(chunk, budget: Int.max, signalAfter: 1 << 20,
                                               progress: { underWayContinuation.yield() }, stop: { done.isSet })
            // The flood stops however the probes end.
            let probes: Result<Duration, any Error>
            do {
                defer { done.set() }
                var iterator = underWay.makeAsyncIterator()
                await iterator.next()
                var slowest: Duration = .zero
                for _ in 0..<10 {
                    let start = ContinuousClock.now
                    _ = try await bystander.who(timeout: .seconds(20))
                    slowest = max(slowest, ContinuousClock.now - start)
                }
                probes = .success(slowest)
            } catch {
                probes = .failure(error)
            }
            let result = await flooded
            let slowest = try probes.get()
            #expect(!result.closed)
            #expect(slowest < .milliseconds(400), "a bystander's who took \(slowest) during the AYT flood (\(result.sent >> 20) MiB sent)")
            Abuse.expectBoundedMemory(since: memory, "AYT flood")
        }
    }

    // MARK: Linear building

    /// Appending to one buffer piece by piece must grow it geometrically: reserving exactly
    /// what each append needs reallocated (and copied) the whole buffer every few appends.
    @Test func appendsGrowABufferGeometrically() {
        func reallocations(_ append: (inout [UInt8]) -> Void) -> Int {
            var buffer: [UInt8] = []
            var changes = 0
            var capacity = buffer.capacity
            for _ in 0..<20_000 {
                append(&buffer)
                if buffer.capacity != capacity {
                    changes += 1
                    capacity = buffer.capacity
                }
            }
            return changes
        }
        let text = reallocations { TelnetOutput.appendText("[LivePet is here]\n", to: &$0) }
        let styled = reallocations { TelnetOutput.appendStyled("a line\n", colour: true, to: &$0) }
        let subnegotiation = reallocations { TelnetOutput.appendSubnegotiation(option: TelnetOption.ttype, payload: [1], to: &$0) }
        // 20,000 appends of 6 to 19 bytes: about 20 doublings; exact reservations made thousands.
        #expect(text < 40, "\(text) reallocations")
        #expect(styled < 40, "\(styled) reallocations")
        #expect(subnegotiation < 40, "\(subnegotiation) reallocations")
    }
}
