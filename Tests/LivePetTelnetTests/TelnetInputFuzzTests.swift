import Testing
@testable import LivePetSupport
@testable import LivePetTelnet

private let iac = TelnetCommand.iac

/// A session as a real client might send it: negotiation replies, NAWS/TTYPE/GMCP with an escaped 0xFF,
/// UTF-8 text, every end-of-line kind, editing, commands, an overlong line and an oversized subnegotiation
/// (relative to the small limits used below).
private let realisticSession: [UInt8] = {
    var data: [UInt8] = [iac, TelnetCommand.will, TelnetOption.naws, iac, TelnetCommand.do, TelnetOption.echo]
    data += [iac, TelnetCommand.sb, TelnetOption.naws, 0, 120, iac, iac, 40, iac, TelnetCommand.se]
    data += Array("Rex\r\n".utf8)
    data += [iac, TelnetCommand.sb, TelnetOption.ttype, 0] + Array("XTERM".utf8) + [iac, TelnetCommand.se]
    data += Array("sécrèt😀\u{8}\r\0".utf8)
    data += Array("feed pet\r".utf8) + Array("look\n".utf8)
    data += [iac, TelnetCommand.nop] + Array("say h".utf8) + [iac, TelnetCommand.ga] + Array("i\r\n".utf8)
    data += Array("typo".utf8) + [iac, TelnetCommand.el] + Array("wave\u{7F}e\n".utf8)
    data += [iac, TelnetCommand.sb, TelnetOption.gmcp] + Array("Core.Hello {\"client\":\"Mudlet\"}".utf8)
        + [iac, TelnetCommand.se]
    data += Array("a very long line that goes well past the small cap: ünïcödé everywhere\r\n".utf8)
    data += Array((String(repeating: "x", count: 90) + "\r\n").utf8)
    data += [0xC3, 0x28, iac, iac] + Array("\r\n".utf8)
    data += [iac, TelnetCommand.sb, TelnetOption.ttype, 0, 65, iac, TelnetCommand.wont, TelnetOption.naws]
    data += Array("bye\r".utf8)
    return data
}()

private let limits: [(line: Int, pending: Int, subnegotiation: Int)] = [(512, 4096, 8192), (12, 80, 24)]

private func oneShot(_ data: [UInt8], _ config: (line: Int, pending: Int, subnegotiation: Int)) -> [TelnetEvent] {
    var input = TelnetInput(maxLineBytes: config.line, maxPendingBytes: config.pending, maxSubnegotiationBytes: config.subnegotiation)
    var events: [TelnetEvent] = []
    input.feed(data) { events.append($0) }
    return events
}

@Suite struct TelnetInputFuzzTests {
    /// `feed` copies runs of ordinary text at once; on random input (mostly text, with every
    /// byte that drives the state machine, under small random caps) it must give exactly the
    /// events and the buffered state of the machine fed a byte at a time.
    @Test func runsOfTextDecodeLikeSingleBytes() {
        let interesting: [UInt8] = [255, 250, 240, 251, 253, 13, 10, 0, 8, 127, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80]
        var random = TelnetTestRandom(seed: 0x0D1F_F7E5)
        var mismatches = 0
        var lines = 0
        for _ in 0..<5_000 {
            let maxLine = 1 + random.below(40)
            var fast = TelnetInput(maxLineBytes: maxLine, maxPendingBytes: maxLine + random.below(60), maxSubnegotiationBytes: random.below(20))
            var slow = fast
            var fastEvents: [TelnetEvent] = []
            var slowEvents: [TelnetEvent] = []
            for _ in 0..<(1 + random.below(6)) {
                var chunk: [UInt8] = []
                for _ in 0..<random.below(80) {
                    let roll = random.below(10)
                    chunk.append(roll < 2 ? interesting[random.below(interesting.count)] : roll < 9 ? UInt8(0x20 + random.below(95)) : UInt8(truncatingIfNeeded: random.next()))
                }
                fast.feed(chunk) { fastEvents.append($0) }
                slow.feedByteByByte(chunk) { slowEvents.append($0) }
            }
            lines += slowEvents.filter { if case .line = $0 { true } else { false } }.count
            if fastEvents != slowEvents || fast.bufferedByteCount != slow.bufferedByteCount || fast.peerSpokeTelnet != slow.peerSpokeTelnet {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
        #expect(lines > 5_000, "the input should end many lines (\(lines))")
    }

    @Test(arguments: limits.indices)
    func splittingAtEveryOffsetGivesTheSameEvents(limitIndex: Int) {
        let config = limits[limitIndex]
        let expected = oneShot(realisticSession, config)
        #expect(expected.count > 15)
        for split in 0...realisticSession.count {
            var input = TelnetInput(maxLineBytes: config.line, maxPendingBytes: config.pending, maxSubnegotiationBytes: config.subnegotiation)
            var events: [TelnetEvent] = []
            input.feed(Array(realisticSession[..<split])) { events.append($0) }
            input.feed(Array(realisticSession[split...])) { events.append($0) }
            #expect(events == expected, "split at \(split)")
        }
        var input = TelnetInput(maxLineBytes: config.line, maxPendingBytes: config.pending, maxSubnegotiationBytes: config.subnegotiation)
        var events: [TelnetEvent] = []
        for byte in realisticSession {
            input.feed([byte]) { events.append($0) }
        }
        #expect(events == expected)
    }

    @Test func realisticSessionDecodesAsExpectedWithSmallLimits() {
        let events = oneShot(realisticSession, limits[1])
        #expect(events.contains(.line("sécrèt", truncated: false)))
        #expect(events.contains(.line("a very long ", truncated: true)))
        #expect(events.contains(.lineTooLong))
        #expect(events.contains(.subnegotiation(option: TelnetOption.naws, data: [0, 120, 255, 40])))
        // The 31-byte GMCP message is over the 24-byte cap: dropped.
        #expect(!events.contains { if case .subnegotiation(TelnetOption.gmcp, _) = $0 { true } else { false } })
        #expect(events.last == .line("bye", truncated: false))
    }

    /// One million random chunks, biased toward the bytes that drive the state machine, fed to machines with
    /// small random limits (so every cap is hit often) that live for a random number of chunks.
    /// Line lengths are checked in Unicode scalars: each kept byte decodes to at most one scalar,
    /// while U+FFFD takes 3 bytes in UTF-8.
    @Test func randomInputStaysBoundedAndConsistent() {
        let interesting: [UInt8] = [255, 255, 255, 250, 240, 251, 252, 253, 254, 13, 13, 10, 10, 0, 8, 127, 0xC3, 0xA9, 0xF0, 0x9F]
        var random = TelnetTestRandom(seed: 0x5EED_7E1_4E7)
        var chunk: [UInt8] = []
        chunk.reserveCapacity(32)
        var input = TelnetInput()
        var maxLine = 512
        var maxSubnegotiation = 8192
        var remainingChunks = 0
        var lines = 0
        var truncatedLines = 0
        var tooLong = 0
        var subnegotiations = 0
        var violations = 0
        var splitMismatches = 0

        for chunkIndex in 0..<1_000_000 {
            if remainingChunks == 0 {
                maxLine = 1 + random.below(24)
                maxSubnegotiation = random.below(20)
                input = TelnetInput(maxLineBytes: maxLine, maxPendingBytes: maxLine + random.below(40), maxSubnegotiationBytes: maxSubnegotiation)
                remainingChunks = 1 + random.below(200)
            }
            remainingChunks -= 1

            chunk.removeAll(keepingCapacity: true)
            for _ in 0..<random.below(17) {
                let roll = random.below(8)
                if roll < 3 {
                    chunk.append(interesting[random.below(interesting.count)])
                } else if roll < 6 {
                    chunk.append(UInt8(0x61 + random.below(26)))
                } else {
                    chunk.append(UInt8(truncatingIfNeeded: random.next()))
                }
            }

            if chunkIndex % 64 == 0 {
                // Occasionally check that a split of this chunk decodes like the whole of it.
                var whole = input
                var split = input
                var wholeEvents: [TelnetEvent] = []
                var splitEvents: [TelnetEvent] = []
                whole.feed(chunk) { wholeEvents.append($0) }
                let cut = random.below(chunk.count + 1)
                split.feed(Array(chunk[..<cut])) { splitEvents.append($0) }
                split.feed(Array(chunk[cut...])) { splitEvents.append($0) }
                if wholeEvents != splitEvents || whole.bufferedByteCount != split.bufferedByteCount {
                    splitMismatches += 1
                }
            }

            input.feed(chunk) { event in
                switch event {
                case .line(let text, let truncated):
                    lines += 1
                    if truncated { truncatedLines += 1 }
                    if text.unicodeScalars.count > maxLine { violations += 1 }
                case .subnegotiation(_, let data):
                    subnegotiations += 1
                    if data.count > maxSubnegotiation { violations += 1 }
                case .lineTooLong:
                    tooLong += 1
                default:
                    break
                }
            }
            if input.bufferedByteCount > maxLine + maxSubnegotiation
                || input.bufferedCapacity > 2 * (maxLine + maxSubnegotiation) + 64 {
                violations += 1
            }
        }

        #expect(violations == 0)
        #expect(splitMismatches == 0)
        // The generator must actually reach the interesting paths.
        #expect(lines > 100_000)
        #expect(truncatedLines > 1_000)
        #expect(tooLong > 100)
        #expect(subnegotiations > 1_000)
    }
}
