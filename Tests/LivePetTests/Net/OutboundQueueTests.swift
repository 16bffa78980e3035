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
        queue.telnet.setEndOfRecord(true)
        _ = queue.admit { $0.appendPrompt("> ") }
        #expect(queue.pending == Array("> ".utf8) + [iac, TelnetCommand.eor], "re-encoded for EOR")
        queue.pending = []
        _ = queue.admit { $0.appendLine(Array("x\r\n".utf8)) }
        #expect(queue.pending == Array("x\r\n".utf8), "EOR clients end the prompt line themselves")
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
        queue.telnet.setEndOfRecord(true)
        prompt(PromptKey(scope: 1, value: 4), "[Lobby, 4 treats] > ")
        #expect(made == 3, "new framing, made again")
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
        #expect(queue.pending.suffix(3) == [iac, TelnetCommand.will, TelnetOption.echo])
        queue.pending = []
        _ = queue.admit { $0.setMode(.raw) }
        #expect(queue.telnet.mode == .telnet, "a telnet client stays one")
        _ = queue.admit { $0.appendGoodbye(Array("Bye.\r\n".utf8)) }
        #expect(queue.pending == Array("Bye.\r\n".utf8) + [iac, TelnetCommand.wont, TelnetOption.echo, 13, 10])
        #expect(queue.closing)
        #expect(queue.admit { $0.appendLine([65]) } == .queued)
        #expect(queue.pending.last == 10, "nothing is queued once closing")
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
