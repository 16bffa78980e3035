import Foundation

/// What a `TestClient` has received, in every view the tests use, and the client side of
/// telnet: it strips commands from the text view and, unless the options say the client never
/// speaks telnet, answers the server once per change of state (so negotiation cannot loop).
///
/// Views: `raw` (every byte as sent), the text (telnet commands removed, CR LF as "\n",
/// consumed by `readUntil` from `cursor`), the subnegotiations in order (GMCP and MSSP are read
/// from these), the two-byte commands (GA, EOR, NOP), and `rawCursor`, up to where `read(until:)`
/// has taken the raw bytes.
struct TestClientState: Sendable {
    struct Subnegotiation: Sendable {
        var option: UInt8
        var payload: [UInt8]
    }

    private enum Parse: Sendable {
        case data, command, verb(UInt8), sbOption, sb, sbCommand
    }

    let options: TestClient.Options
    var raw: [UInt8] = []
    var text: [UInt8] = []
    var cursor = 0
    var rawCursor = 0
    var subnegotiations: [Subnegotiation] = []
    var gmcpMessages: [GMCPMessage] = []
    var gmcpCursor = 0
    /// Two-byte commands (GA, EOR, NOP, …) in order.
    var commands: [UInt8] = []
    var terminalTypeRequests = 0
    /// The charset lists of the server's CHARSET requests.
    var charsetRequests: [String] = []
    /// No more input will come: the server closed, or the test did.
    var eof = false
    var closedByServer = false
    var reading = false
    var closeRequested = false
    var readerDone = false
    var writerDone = false
    var released = false

    /// The screen as the client would show it (`Options.marks`): finished lines, ANSI
    /// colour removed, and the line the cursor is on.
    var screen: [String] = []
    var screenLine: [UInt8] = []
    private var escape = Escape.none

    private enum Escape: Sendable {
        case none, started, csi
    }

    private var parse = Parse.data
    private var pendingCR = false
    private var sbOption: UInt8 = 0
    private var sbData: [UInt8] = []
    /// Options we agreed to perform / let the server perform, so each is answered once.
    private var local: Set<UInt8> = []
    private var remote: Set<UInt8> = []
    private var refusedLocal: Set<UInt8> = []
    private var refusedRemote: Set<UInt8> = []

    init(options: TestClient.Options) {
        self.options = options
    }

    var unreadText: ArraySlice<UInt8> { text[cursor...] }

    var unreadDescription: String {
        String(decoding: unreadText, as: UTF8.self).debugDescription + (eof ? " (then EOF)" : "")
    }

    /// MCCP2: the stream being inflated, from the byte after `IAC SB MCCP2 IAC SE` to its end.
    private var inflater: Inflater?
    /// MCCP2 streams started and ended cleanly (Z_FINISH), bytes as they came off the wire,
    /// and the first inflate error.
    var compressionsStarted = 0
    var compressionsEnded = 0
    var wireBytes = 0
    var compressionError: String?
    var compressing: Bool { inflater != nil }

    /// Takes in what arrived; `replies` gets the client's telnet answers. `raw` and every other
    /// view hold the telnet stream, inflated where the server compressed it.
    mutating func receive(_ bytes: ArraySlice<UInt8>, replies: inout [UInt8]) {
        wireBytes += bytes.count
        var rest = bytes
        while !rest.isEmpty {
            if let inflater {
                guard let (output, consumed) = try? inflater.inflate(rest) else {
                    compressionError = compressionError ?? "inflate failed after \(raw.count) bytes"
                    return
                }
                rest = rest.dropFirst(consumed)
                raw.append(contentsOf: output)
                for byte in output { step(byte, replies: &replies) }
                if inflater.ended {
                    self.inflater = nil
                    compressionsEnded += 1
                }
                continue
            }
            // Plain until a subnegotiation starts a stream: the bytes after it are compressed.
            var index = rest.startIndex
            while index < rest.endIndex, inflater == nil {
                raw.append(rest[index])
                step(rest[index], replies: &replies)
                index += 1
            }
            rest = rest[index...]
        }
    }

    /// The client stops MCCP2 (as after a decompression error): `IAC DONT MCCP2`, to send.
    mutating func refuseCompression() -> [UInt8] {
        remote.remove(TestClient.mccp2)
        refusedRemote.insert(TestClient.mccp2)
        return [TestClient.iac, TestClient.dont, TestClient.mccp2]
    }

    private mutating func step(_ byte: UInt8, replies: inout [UInt8]) {
        switch parse {
        case .data:
            if byte == TestClient.iac { parse = .command } else { data(byte) }
        case .command:
            switch byte {
            case TestClient.iac: parse = .data; data(byte)
            case TestClient.will, TestClient.wont, TestClient.doVerb, TestClient.dont: parse = .verb(byte)
            case TestClient.sb: parse = .sbOption
            default:
                parse = .data
                commands.append(byte)
                if byte == TestClient.ga || byte == TestClient.eor, options.marks == .endLine { endScreenLine() }
            }
        case .verb(let verb):
            parse = .data
            if options.speaksTelnet { negotiate(verb, byte, replies: &replies) }
        case .sbOption:
            sbOption = byte
            sbData = []
            parse = .sb
        case .sb:
            if byte == TestClient.iac { parse = .sbCommand } else { sbData.append(byte) }
        case .sbCommand:
            if byte == TestClient.iac {
                sbData.append(byte)
                parse = .sb
            } else {
                parse = .data
                finishSubnegotiation(replies: &replies)
            }
        }
    }

    private mutating func data(_ byte: UInt8) {
        if pendingCR {
            pendingCR = false
            if byte == 10 { show(10); return }
            show(13)
            if byte == 0 { return }
        }
        if byte == 13 { pendingCR = true } else { show(byte) }
    }

    /// A text byte: into the text view and onto the screen.
    private mutating func show(_ byte: UInt8) {
        text.append(byte)
        switch escape {
        case .started:
            escape = byte == UInt8(ascii: "[") ? .csi : .none
            return
        case .csi:
            if (0x40...0x7E).contains(byte) { escape = .none }
            return
        case .none:
            break
        }
        switch byte {
        case 0x1B: escape = .started
        case 10: endScreenLine()
        default: screenLine.append(byte)
        }
    }

    /// The cursor moves to a new line (a line end, or a prompt's mark in a client that ends
    /// the line there).
    private mutating func endScreenLine() {
        screen.append(String(decoding: screenLine, as: UTF8.self))
        screenLine = []
    }

    /// The user typed `line` and pressed Enter: the terminal echoes it where the cursor is
    /// and moves to a new line.
    mutating func typed(_ line: String) {
        screenLine.append(contentsOf: line.utf8)
        endScreenLine()
    }

    /// What the screen shows: the finished lines and, unless the client waits for a prompt's
    /// mark (or a line end) before showing text, the line the cursor is on.
    var screenLines: [String] {
        guard !screenLine.isEmpty, options.marks == .ignored else { return screen }
        var lines = screen
        lines.append(String(decoding: screenLine, as: UTF8.self))
        return lines
    }

    private mutating func finishSubnegotiation(replies: inout [UInt8]) {
        subnegotiations.append(Subnegotiation(option: sbOption, payload: sbData))
        switch sbOption {
        case TestClient.ttype where sbData == [1]:
            terminalTypeRequests += 1
            guard options.speaksTelnet, let last = options.terminalTypes.last else { return }
            let name = terminalTypeRequests <= options.terminalTypes.count ? options.terminalTypes[terminalTypeRequests - 1] : last
            replies += [TestClient.iac, TestClient.sb, TestClient.ttype, 0] + Array(name.utf8) + [TestClient.iac, TestClient.se]
        case TestClient.charset where sbData.first == 1:
            charsetRequests.append(String(decoding: sbData.dropFirst(), as: UTF8.self))
            for answer in options.charsetAnswers ?? [] {
                replies += [TestClient.iac, TestClient.sb, TestClient.charset, answer.accepted ? 2 : 3] + Array(answer.name.utf8)
                replies += [TestClient.iac, TestClient.se]
            }
        case TestClient.mccp2 where sbData.isEmpty && remote.contains(TestClient.mccp2):
            inflater = Inflater()
            compressionsStarted += 1
        case TestClient.gmcp:
            let message = String(decoding: sbData, as: UTF8.self)
            if let space = message.firstIndex(of: " ") {
                gmcpMessages.append(GMCPMessage(package: String(message[..<space]), json: String(message[message.index(after: space)...])))
            } else {
                gmcpMessages.append(GMCPMessage(package: message, json: ""))
            }
        default:
            break
        }
    }

    /// Answers once per change of state, so negotiation cannot loop.
    private mutating func negotiate(_ verb: UInt8, _ option: UInt8, replies: inout [UInt8]) {
        let iac = TestClient.iac
        switch verb {
        case TestClient.doVerb:
            let agree: Bool
            switch option {
            case TestClient.ttype: agree = !options.terminalTypes.isEmpty
            case TestClient.naws: agree = options.window != nil
            default: agree = false
            }
            if agree {
                guard local.insert(option).inserted else { return }
                replies += [iac, TestClient.will, option]
                if option == TestClient.naws, let window = options.window {
                    replies += [iac, TestClient.sb, TestClient.naws]
                    for byte in [UInt8(window.width >> 8), UInt8(window.width & 0xFF), UInt8(window.height >> 8), UInt8(window.height & 0xFF)] {
                        replies.append(byte)
                        if byte == iac { replies.append(byte) }
                    }
                    replies += [iac, TestClient.se]
                }
            } else if refusedLocal.insert(option).inserted {
                replies += [iac, TestClient.wont, option]
            }
        case TestClient.dont:
            if local.remove(option) != nil { replies += [iac, TestClient.wont, option] }
        case TestClient.will:
            let agree: Bool
            switch option {
            case TestClient.echo, TestClient.sga: agree = true
            case TestClient.eorOption: agree = options.acceptsEOR
            case TestClient.gmcp: agree = options.acceptsGMCP
            case TestClient.mssp: agree = options.acceptsMSSP
            case TestClient.charset: agree = options.charsetAnswers != nil
            case TestClient.mccp2: agree = options.acceptsMCCP
            default: agree = false
            }
            if agree {
                if remote.insert(option).inserted { replies += [iac, TestClient.doVerb, option] }
            } else if refusedRemote.insert(option).inserted {
                replies += [iac, TestClient.dont, option]
            }
        default:  // WONT
            if remote.remove(option) != nil { replies += [iac, TestClient.dont, option] }
        }
    }
}

/// One GMCP message as received.
struct GMCPMessage: Sendable, CustomStringConvertible {
    var package: String
    var json: String

    /// The JSON body decoded as an object (nil if it is not one).
    var object: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
    }

    var description: String { "\(package) \(json)" }
}
