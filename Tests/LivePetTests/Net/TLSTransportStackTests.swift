import Testing
@testable import LivePetNet

/// The transport stack with a TLS context: a ClientHello starts the TLS stage below telnet.
/// Byte arrays only: an OpenSSL client over memory BIOs plays the other side.
@Suite struct TLSTransportStackTests {
    private let offer = TransportStackTests.offer

    private func stack(_ context: TLSContext?, tlsOnly: Bool = false) -> TransportStack {
        var limits = ConnectionLimits()
        limits.protocolSniffWindow = .milliseconds(100)
        limits.tls = context
        limits.tlsHandshakeTimeout = .seconds(10)
        limits.tlsOnly = tlsOnly
        var stack = TransportStack(limits: limits)
        var actions: [TransportAction] = []
        let window = stack.open(now: 0, into: &actions)
        #expect(window == (tlsOnly ? nil : .milliseconds(100)))
        #expect(actions.isEmpty)
        return stack
    }

    private func receive(_ bytes: [UInt8], _ stack: inout TransportStack, now: UInt64 = 1) -> [TransportAction] {
        var actions: [TransportAction] = []
        bytes.withUnsafeBytes { stack.receive($0, now: now, into: &actions) }
        return actions
    }

    /// The records among `actions`, and the actions that are not records.
    private func split(_ actions: [TransportAction]) -> (records: [UInt8], others: [TransportAction]) {
        var records: [UInt8] = []
        var others: [TransportAction] = []
        for action in actions {
            if case .transmit(let bytes) = action { records += bytes } else { others.append(action) }
        }
        return (records, others)
    }

    private func withContext(_ body: (TLSContext) throws -> Void) async throws {
        try await withTemporaryDirectory { folder in
            try body(try TLSContext.selfSigned(certificatePath: folder + "/t.crt", keyPath: folder + "/t.key"))
        }
    }

    /// Handshakes `client` with `stack`; returns the non-record actions of the last step.
    private func handshake(_ client: TLSTestClient, _ stack: inout TransportStack) -> [TransportAction] {
        _ = client.receive([])
        var others: [TransportAction] = []
        for _ in 0..<6 {
            let hello = client.take()
            if hello.isEmpty { break }
            let step = split(receive(hello, &stack))
            others += step.others
            _ = client.receive(step.records)
        }
        return others
    }

    @Test func aClientHelloStartsTLSAndTelnetStartsInsideItOnceTheHandshakeCompletes() async throws {
        try await withContext { context in
            var stack = stack(context)
            let client = TLSTestClient(trusting: context.certificatePath)
            _ = client.receive([])
            let first = split(receive(client.take(), &stack))
            #expect(first.others == [.startTLS])  // no telnet yet: the handshake is not done
            #expect(!first.records.isEmpty)  // ServerHello and the rest of the server's flight
            #expect(!stack.sniffing)
            _ = client.receive(first.records)
            let finished = split(receive(client.take(), &stack))
            #expect(finished.others == [.reply(offer), .event(.opened)])
            #expect(client.isEstablished)
            #expect(stack.tls?.state == .established)

            // The telnet stage decodes what the TLS stage decrypts.
            client.write(Array("look\r\n".utf8))
            #expect(split(receive(client.take(), &stack)).others == [.event(.line("look", truncated: false))])
        }
    }

    @Test func withoutAContextAClientHelloIsStillRefusedInPlainText() {
        var stack = stack(nil)
        #expect(receive([0x16, 0x03, 0x01, 0x02, 0x00], &stack) == [.refuse(Array(ProtocolSniffer.tlsResponse.utf8), protocol: "tls")])
        #expect(stack.tls == nil)
    }

    @Test func garbageAfterTheRecordHeaderFailsTheConnection() async throws {
        try await withContext { context in
            var stack = stack(context)
            let actions = split(receive([0x16, 0x03, 0x01, 0x00, 0x08] + Array(repeating: 0xEE, count: 8), &stack))
            #expect(actions.others.first == .startTLS)
            guard case .tlsFailed = actions.others.last else { Issue.record("not failed: \(actions.others)"); return }
            #expect(!actions.others.contains(.event(.opened)))
        }
    }

    @Test func aHandshakeThatStopsHalfwayFailsAtItsDeadlineAndNotBefore() async throws {
        try await withContext { context in
            var stack = stack(context)
            let client = TLSTestClient(trusting: context.certificatePath)
            _ = client.receive([])
            let hello = client.take()
            // Half the ClientHello, then nothing. The deadline counts from the connection (0),
            // as the login timeout does, not from the ClientHello.
            #expect(split(receive(Array(hello.prefix(hello.count / 2)), &stack, now: 1_000)).others == [.startTLS])
            var actions: [TransportAction] = []
            stack.expire(now: 10_000_000_000, into: &actions)
            #expect(actions.isEmpty)
            stack.expire(now: 10_000_000_001, into: &actions)
            #expect(actions == [.tlsFailed("handshake timed out")])
            // Once failed it stays quiet: no second failure, nothing decoded.
            actions = []
            stack.expire(now: 2_000 + 10_000_000_000, into: &actions)
            #expect(actions.isEmpty)
            #expect(receive(Array(hello.suffix(hello.count - hello.count / 2)), &stack).isEmpty)
        }
    }

    @Test func anEstablishedConnectionIsNotTimedOutAndGetsTelnetExpiry() async throws {
        try await withContext { context in
            var stack = stack(context)
            let client = TLSTestClient(trusting: context.certificatePath)
            #expect(handshake(client, &stack).contains(.event(.opened)))
            var actions: [TransportAction] = []
            stack.expire(now: 100_000_000_000, into: &actions)
            // The telnet stage's own deadline (a silent client is raw), not a TLS failure.
            #expect(!actions.contains { if case .tlsFailed = $0 { true } else { false } })
            #expect(actions.contains(.mode(.raw)))
        }
    }

    // MARK: The TLS-only port

    @Test func onTheTLSPortAClientHelloIsExpectedAtOnceAndTelnetStartsInsideTheHandshake() async throws {
        try await withContext { context in
            var stack = stack(context, tlsOnly: true)
            #expect(!stack.sniffing && stack.awaitingHello)
            let client = TLSTestClient(trusting: context.certificatePath)
            let others = handshake(client, &stack)
            #expect(others == [.startTLS, .reply(offer), .event(.opened)])
            #expect(client.isEstablished)
            client.write(Array("guest\r\n".utf8))
            #expect(split(receive(client.take(), &stack)).others == [.event(.line("guest", truncated: false))])
        }
    }

    @Test func onTheTLSPortAnythingButAClientHelloIsExplainedInPlainTextAndClosed() async throws {
        try await withContext { context in
            let answer = TransportAction.refuse(Array(ProtocolSniffer.tlsOnlyResponse.utf8), protocol: "not-tls")
            // A person typing, a telnet client's offer, a browser, a record that is not a handshake.
            for first in [Array("guest\r\n".utf8), [255, 253, 24], Array("GET / HTTP/1.1\r\n".utf8), [0x17, 0x03, 0x03]] {
                var stack = stack(context, tlsOnly: true)
                #expect(receive(first, &stack) == [answer], "\(first)")
                #expect(!stack.awaitingHello && stack.tls == nil)
            }
            // A record header arriving a byte at a time is waited for, then judged.
            var stack = stack(context, tlsOnly: true)
            #expect(receive([0x16], &stack).isEmpty)
            #expect(receive([0x03], &stack).isEmpty)
            #expect(receive([0x09], &stack) == [answer])  // not a TLS version
        }
    }

    @Test func onTheTLSPortSilenceFailsAtTheHandshakeDeadlineFromTheConnection() async throws {
        try await withContext { context in
            var stack = stack(context, tlsOnly: true)
            var actions: [TransportAction] = []
            stack.expire(now: 10_000_000_000, into: &actions)
            #expect(actions.isEmpty)
            stack.expire(now: 10_000_000_001, into: &actions)
            #expect(actions == [.tlsFailed("no ClientHello in time")])
            actions = []
            stack.expire(now: 20_000_000_000, into: &actions)
            #expect(actions.isEmpty)

            // A client that closes its side before any ClientHello is let go at once.
            var closing = self.stack(context, tlsOnly: true)
            closing.inputEnded(now: 5, into: &actions)
            #expect(actions == [.tlsFailed("closed before a ClientHello")])
        }
    }
}
