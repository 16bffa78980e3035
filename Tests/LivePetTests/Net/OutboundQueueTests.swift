import Testing
@testable import LivePetNet
@testable import LivePetTelnet

/// The write queue and the telnet stage's outbound half, without a socket.
@Suite struct OutboundQueueTests {
    private let iac = TelnetCommand.iac

    private func telnetQueue(cap: Int = 1024) -> OutboundQueue {
        var queue = OutboundQueue(cap: cap)
        _ = queue.admit { $0.setMode(.telnet) }
        return queue
    }

    @Test func aPromptEndsInGAOrEORAndComesBackAfterAsynchronousOutput() {
        var queue = telnetQueue()
        #expect(queue.admit { $0.appendPrompt("> ") } == .needsFlush)
        #expect(queue.pending == Array("> ".utf8) + [iac, TelnetCommand.ga])
        queue.pending = []
        _ = queue.admit { $0.appendLine(Array("Bob says hi\r\n".utf8)) }
        // A fresh line first (GA leaves the cursor after the prompt), the prompt again at the flush.
        #expect(queue.pending == [13, 10] + Array("Bob says hi\r\n".utf8))
        queue.addPromptIfNeeded()
        #expect(queue.pending == [13, 10] + Array("Bob says hi\r\n".utf8) + Array("> ".utf8) + [iac, TelnetCommand.ga])

        queue.pending = []
        queue.setEndOfRecord(true)
        _ = queue.admit { $0.appendPrompt("> ") }
        #expect(queue.pending == Array("> ".utf8) + [iac, TelnetCommand.eor], "re-encoded for EOR")
        queue.pending = []
        _ = queue.admit { $0.appendLine(Array("x\r\n".utf8)) }
        #expect(queue.pending == [13, 10] + Array("x\r\n".utf8), "EOR is a mark only for most clients: a fresh line first")
        queue.telnet.promptAnswered()
        queue.pending = []
        _ = queue.admit { $0.appendLine(Array("y\r\n".utf8)) }
        queue.addPromptIfNeeded()
        #expect(queue.pending == Array("y\r\n".utf8), "an answered prompt is not shown again")
    }

    /// The session names its prompt (place, treats) and the queue holds the one copy: the
    /// text is made again only when the name or the framing changes.
    @Test func aKeyedPromptIsMadeOnlyWhenItsKeyOrFramingChanges() {
        var queue = telnetQueue()
        var made = 0
        func prompt(_ key: PromptKey, _ text: String) {
            _ = queue.admit { $0.appendPrompt(key: key) { made += 1; return text } }
        }
        let lobby = PromptKey(scope: 1, value: 5)
        prompt(lobby, "[Lobby, 5 treats] > ")
        prompt(lobby, "never made")
        #expect(made == 1)
        #expect(queue.pending == (Array("[Lobby, 5 treats] > ".utf8) + [iac, TelnetCommand.ga]) + (Array("[Lobby, 5 treats] > ".utf8) + [iac, TelnetCommand.ga]))
        queue.pending = []
        prompt(PromptKey(scope: 1, value: 4), "[Lobby, 4 treats] > ")
        #expect(made == 2)
        #expect(queue.pending == Array("[Lobby, 4 treats] > ".utf8) + [iac, TelnetCommand.ga])
        queue.pending = []
        _ = queue.admit { $0.setEndOfRecord(true) }
        prompt(PromptKey(scope: 1, value: 4), "[Lobby, 4 treats] > ")
        #expect(made == 2, "new framing: the kept text is encoded again, not made again")
        #expect(queue.pending == Array("[Lobby, 4 treats] > ".utf8) + [iac, TelnetCommand.eor])
    }

    @Test func rawClientsGetNoTelnetBytesAndEchoWaitsForTheFirstAnswer() {
        var queue = OutboundQueue(cap: 1024)
        _ = queue.admit {
            $0.appendPrompt("Password: ")
            $0.setEchoHidden(true)
            $0.appendTelnet([iac, TelnetCommand.sb, TelnetOption.gmcp, iac, TelnetCommand.se])
        }
        #expect(queue.pending == Array("Password: ".utf8))
        _ = queue.admit { $0.setMode(.telnet) }
        // Typing hidden now, and the prompt still on screen gets its mark.
        #expect(queue.pending == Array("Password: ".utf8) + [iac, TelnetCommand.will, TelnetOption.echo, iac, TelnetCommand.ga])
        queue.pending = []
        _ = queue.admit { $0.setMode(.raw) }
        #expect(queue.telnet.mode == .telnet, "a telnet client stays one")
        _ = queue.admit { $0.appendGoodbye(Array("Bye.\r\n".utf8)) }
        #expect(queue.pending == Array("Bye.\r\n".utf8) + [iac, TelnetCommand.wont, TelnetOption.echo, 13, 10])
        #expect(queue.closing)
        #expect(queue.admit { $0.appendLine([65]) } == .queued)
        #expect(queue.pending.last == 10, "nothing is queued once closing")
    }

    /// After a prompt, the next output starts on a fresh line whatever the mark (telnetlib3's
    /// client shows EOR as nothing), except for clients known to end the line at the mark
    /// themselves (TinTin++, Mudlet), and then only when the prompt on screen had one.
    @Test(arguments: [false, true])
    func outputAfterAPromptStartsOnAFreshLineUnlessTheClientEndsItAtTheMark(_ eor: Bool) {
        let mark = eor ? TelnetCommand.eor : TelnetCommand.ga
        var queue = telnetQueue()
        _ = queue.admit { $0.setEndOfRecord(eor) }
        _ = queue.admit { $0.appendPrompt("> ") }
        queue.pending = []
        _ = queue.admit { $0.appendLine(Array("a\r\n".utf8)) }
        queue.addPromptIfNeeded()
        #expect(queue.pending == [13, 10] + Array("a\r\n> ".utf8) + [iac, mark], "a client that only marks prompts")

        queue.telnet.setMarkEndsLine(true)
        queue.pending = []
        _ = queue.admit { $0.appendLine(Array("b\r\n".utf8)) }
        queue.addPromptIfNeeded()
        #expect(queue.pending == Array("b\r\n> ".utf8) + [iac, mark], "the client ended the line at the mark")
        queue.pending = []
        _ = queue.admit { $0.appendLine(Array("c\r\n".utf8)) }
        #expect(queue.pending == Array("c\r\n".utf8), "after a prompt shown again, too")

        // The same client before it answered the offer: the prompt had no mark yet.
        var early = OutboundQueue(cap: 1024)
        early.telnet.setMarkEndsLine(true)
        _ = early.admit { $0.appendPrompt("> ") }
        early.pending = []
        _ = early.admit { $0.appendLine(Array("d\r\n".utf8)) }
        #expect(early.pending == [13, 10] + Array("d\r\n".utf8), "an unmarked prompt needs the line end")
    }

    /// The first name prompt goes out before the client answered the opening offer, so
    /// without a mark (it may be nc). Once the client speaks telnet, a prompt still on screen
    /// gets its mark at once (clients that show prompts only at their mark see it), and the
    /// prompt shown again later carries it too. A raw client never gets one.
    @Test func aPromptSentBeforeTheAnswerGetsItsMarkWhenTheClientSpeaksTelnet() {
        var queue = OutboundQueue(cap: 1024)
        _ = queue.admit { $0.appendPrompt("Name? ") }
        #expect(queue.pending == Array("Name? ".utf8))
        queue.pending = []
        // One read: DO EOR, then the mode (the order TelnetEndpoint reports them in).
        _ = queue.admit { $0.setEndOfRecord(true) }
        #expect(queue.pending.isEmpty, "not a telnet client yet")
        _ = queue.admit { $0.setMode(.telnet) }
        #expect(queue.pending == [iac, TelnetCommand.eor])
        _ = queue.admit { $0.setEndOfRecord(false) }
        #expect(queue.pending == [iac, TelnetCommand.eor], "one mark is enough")
        queue.pending = []
        _ = queue.admit { $0.appendLine(Array("x\r\n".utf8)) }
        queue.addPromptIfNeeded()
        #expect(queue.pending == [13, 10] + Array("x\r\nName? ".utf8) + [iac, TelnetCommand.ga], "shown again in the new framing")

        // GNU telnet refuses EOR: GA.
        var ga = OutboundQueue(cap: 1024)
        _ = ga.admit { $0.appendPrompt("Name? ") }
        _ = ga.admit { $0.setMode(.telnet) }
        #expect(ga.pending == Array("Name? ".utf8) + [iac, TelnetCommand.ga])

        // Answered before the client spoke telnet: nothing on screen to mark.
        var answered = OutboundQueue(cap: 1024)
        _ = answered.admit { $0.appendPrompt("Name? ") }
        answered.telnet.promptAnswered()
        _ = answered.admit { $0.setMode(.telnet) }
        #expect(answered.pending == Array("Name? ".utf8))

        // nc: decided raw, no mark, ever.
        var raw = OutboundQueue(cap: 1024)
        _ = raw.admit { $0.appendPrompt("Name? ") }
        _ = raw.admit { $0.setMode(.raw) }
        _ = raw.admit { $0.appendLine(Array("x\r\n".utf8)) }
        raw.addPromptIfNeeded()
        #expect(raw.pending == Array("Name? \r\nx\r\nName? ".utf8))
    }

    /// The room kept for the prompt follows its framing: the mark added when the client
    /// speaks telnet counts.
    @Test func theRoomKeptForThePromptFollowsItsFraming() {
        var queue = OutboundQueue(cap: 100)
        _ = queue.admit { $0.appendPrompt(String(repeating: "p", count: 20)) }  // 20 bytes, no mark yet
        _ = queue.admit { $0.setMode(.telnet) }                                  // now 22
        queue.telnet.promptAnswered()
        queue.pending = []
        #expect(queue.admit { $0.appendLine([UInt8](repeating: 65, count: 78)) } != .overflowed)
        #expect(queue.admit { $0.appendLine([65]) } == .overflowed, "79 queued + a 22-byte prompt > 100")
    }

    @Test func theCapCountsInFlightBytesAndKeepsRoomForThePrompt() {
        var queue = telnetQueue(cap: 100)
        _ = queue.admit { $0.appendPrompt(String(repeating: "p", count: 18)) }   // 20 bytes with GA
        queue.telnet.promptAnswered()
        queue.pending = []
        queue.inFlight = 40
        #expect(queue.admit { $0.appendLine([UInt8](repeating: 65, count: 40)) } != .overflowed)
        #expect(queue.admit { $0.appendLine([65]) } == .overflowed, "40 in flight + 41 queued + a 20-byte prompt > 100")
        #expect(queue.overflowed && queue.closing && queue.pending.isEmpty)
    }

    @Test func theLoopIsAskedOnceUntilItWrites() {
        var queue = telnetQueue()
        #expect(queue.admit { $0.appendLine([65]) } == .needsFlush)
        #expect(queue.admit { $0.appendLine([66]) } == .queued)
        queue.scheduled = false
        queue.pending = []
        #expect(queue.admit { _ in } == .queued, "nothing new, nothing to ask")
    }
}
