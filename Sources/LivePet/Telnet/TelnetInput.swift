import LivePetSupport

// The telnet input state machine.
//
// Bytes arrive in arbitrary chunks, so every bit of parsing state lives in the struct and a sequence
// may be split anywhere between two `feed` calls. `state` tracks where we are in a command:
//   data ──IAC──▶ command ──WILL/WONT/DO/DONT──▶ negotiation(verb) ──option──▶ data
//                    │ ──SB──▶ subnegotiationOption ──option──▶ subnegotiation ──IAC──▶ subnegotiationCommand
//                    │ ──IAC──▶ data byte 0xFF                                    IAC IAC: data 0xFF, stay inside
//                    └ ──other──▶ .command event                                  SE: emit, back to data
//                                                                                 other: emit, then handle as a command
// A subnegotiation ended by IAC plus anything but IAC or SE is a common client bug: we treat it as the end
// and process that byte as a command. Subnegotiation data beyond `maxSubnegotiationBytes` is not stored and
// the whole oversized subnegotiation is dropped at its end; the machine resyncs at the next IAC SE.
//
// Data bytes go through line assembly. Line ends are CR LF, CR NUL, bare CR and bare LF; after a CR,
// `afterCR` swallows one following LF or NUL (even in the next `feed` call, even with telnet commands in
// between, which are out of band) so that "\r\n" and "\r\0" are one line end. We do not pair "\n\r":
// that is a line end followed by a second (empty) line, which a MUD shrugs off as an empty command.
// BS/DEL and IAC EC erase the last UTF-8 scalar, IAC EL the whole pending line. NUL is dropped; other
// control bytes are kept for the sanitizer downstream.
//
// Memory is bounded: the line buffer is reserved once and holds at most `maxLineBytes`; bytes past that
// are only counted (the line is emitted cut at a scalar boundary with `truncated: true`). When the count
// passes `maxPendingBytes` we emit `.lineTooLong` once and drop data until the next line end.

/// Decodes one client's telnet byte stream into `TelnetEvent`s. A value type without I/O, one per connection.
public struct TelnetInput: Sendable {
    private enum State: Sendable {
        case data
        case command
        case negotiation(UInt8)
        case subnegotiationOption
        case subnegotiation
        case subnegotiationCommand
    }

    private static let nul: UInt8 = 0
    private static let bs: UInt8 = 8
    private static let lf: UInt8 = 10
    private static let cr: UInt8 = 13
    private static let del: UInt8 = 127

    public let maxLineBytes: Int
    public let maxPendingBytes: Int
    public let maxSubnegotiationBytes: Int

    /// Lines are read as Latin-1 (ISO 8859-1: each byte one character) instead of UTF-8, for
    /// clients that cannot send UTF-8 (`TelnetCharset.ascii`). Set between lines; a line
    /// being typed when it changes is read the new way.
    public var readsLatin1 = false

    /// True once the peer sent any IAC sequence (it speaks telnet), so we may negotiate with it.
    /// `IAC IAC` (a data byte) does not count.
    public private(set) var peerSpokeTelnet = false

    private var state = State.data

    /// Stored bytes of the pending line, never more than `maxLineBytes`.
    private var line: [UInt8] = []
    /// Bytes of the pending line including those past the cap; equals `line.count` unless truncating.
    private var pendingBytes = 0
    /// Characters typed past the cap, so BS/DEL know when the line is back under it.
    private var overflowCharacters = 0
    private var afterCR = false
    /// Set after `.lineTooLong`: data is dropped until the next line end.
    private var discardingLine = false

    private var subnegotiationOption: UInt8 = 0
    private var subnegotiationData: [UInt8] = []
    private var subnegotiationOverflow = false

    public init(maxLineBytes: Int = 512, maxPendingBytes: Int = 4096, maxSubnegotiationBytes: Int = 8192) {
        precondition(maxLineBytes > 0 && maxPendingBytes >= maxLineBytes && maxSubnegotiationBytes >= 0)
        self.maxLineBytes = maxLineBytes
        self.maxPendingBytes = maxPendingBytes
        self.maxSubnegotiationBytes = maxSubnegotiationBytes
    }

    /// Idle connections hold no buffers: a thousand quiet players should cost kilobytes, not
    /// a reserved line each. Small capacities are kept to avoid churn on every line.
    private static let keptCapacity = 128

    /// Bytes currently held (pending line plus pending subnegotiation); for tests of the memory bound.
    var bufferedByteCount: Int { line.count + subnegotiationData.count }

    /// Allocated buffer capacity; for tests that memory stays bounded whatever the input.
    var bufferedCapacity: Int { line.capacity + subnegotiationData.capacity }

    /// Decodes `bytes`, calling `emit` for each event in order. State carries over to the next call.
    ///
    /// Ordinary text (no IAC, no line end or erase, room left under both caps) is copied into
    /// the line a run at a time; every other byte goes through the state machine.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, _ emit: (TelnetEvent) -> Void) {
        var index = 0
        while index < bytes.count {
            if case .data = state, !afterCR, !discardingLine, overflowCharacters == 0 {
                let room = min(maxLineBytes - line.count, maxPendingBytes - pendingBytes)
                let limit = min(bytes.count, index + max(0, room))
                var end = index
                while end < limit, Self.isOrdinary(bytes[end]) { end += 1 }
                if end > index {
                    line.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<end]))
                    pendingBytes += end - index
                    index = end
                    continue
                }
            }
            step(bytes[index], emit)
            index += 1
        }
    }

    /// The state machine alone, a byte at a time: what `feed` must match (tests compare them).
    mutating func feedByteByByte(_ bytes: [UInt8], _ emit: (TelnetEvent) -> Void) {
        for byte in bytes { step(byte, emit) }
    }

    /// A data byte that `receiveData` would only append.
    private static func isOrdinary(_ byte: UInt8) -> Bool {
        byte != TelnetCommand.iac && byte != cr && byte != lf && byte != nul && byte != bs && byte != del
    }

    /// Convenience for tests and callers holding an array.
    public mutating func feed(_ bytes: [UInt8], _ emit: (TelnetEvent) -> Void) {
        bytes.withUnsafeBytes { feed($0, emit) }
    }

    private mutating func step(_ byte: UInt8, _ emit: (TelnetEvent) -> Void) {
        switch state {
        case .data:
            if byte == TelnetCommand.iac {
                state = .command
            } else {
                receiveData(byte, emit)
            }
        case .command:
            state = .data
            receiveCommand(byte, emit)
        case .negotiation(let verb):
            state = .data
            switch verb {
            case TelnetCommand.will: emit(.will(byte))
            case TelnetCommand.wont: emit(.wont(byte))
            case TelnetCommand.do: emit(.do(byte))
            default: emit(.dont(byte))
            }
        case .subnegotiationOption:
            subnegotiationOption = byte
            subnegotiationData.removeAll(keepingCapacity: subnegotiationData.capacity <= Self.keptCapacity)
            subnegotiationOverflow = false
            state = .subnegotiation
        case .subnegotiation:
            if byte == TelnetCommand.iac {
                state = .subnegotiationCommand
            } else {
                appendSubnegotiation(byte)
            }
        case .subnegotiationCommand:
            switch byte {
            case TelnetCommand.iac:
                appendSubnegotiation(byte)
                state = .subnegotiation
            case TelnetCommand.se:
                state = .data
                finishSubnegotiation(emit)
            default:
                state = .data
                finishSubnegotiation(emit)
                receiveCommand(byte, emit)
            }
        }
    }

    /// Handles the byte after an IAC (outside a subnegotiation).
    private mutating func receiveCommand(_ byte: UInt8, _ emit: (TelnetEvent) -> Void) {
        if byte == TelnetCommand.iac {
            receiveData(byte, emit)
            return
        }
        peerSpokeTelnet = true
        switch byte {
        case TelnetCommand.will, TelnetCommand.wont, TelnetCommand.do, TelnetCommand.dont:
            state = .negotiation(byte)
        case TelnetCommand.sb:
            state = .subnegotiationOption
        case TelnetCommand.ec:
            eraseCharacter()
            emit(.command(byte))
        case TelnetCommand.el:
            clearLine()
            emit(.command(byte))
        default:
            emit(.command(byte))
        }
    }

    private mutating func appendSubnegotiation(_ byte: UInt8) {
        if subnegotiationData.count < maxSubnegotiationBytes {
            subnegotiationData.append(byte)
        } else {
            subnegotiationOverflow = true
        }
    }

    private mutating func finishSubnegotiation(_ emit: (TelnetEvent) -> Void) {
        if !subnegotiationOverflow {
            emit(.subnegotiation(option: subnegotiationOption, data: subnegotiationData))
        }
        subnegotiationData.removeAll(keepingCapacity: subnegotiationData.capacity <= Self.keptCapacity)
        subnegotiationOverflow = false
    }

    private mutating func receiveData(_ byte: UInt8, _ emit: (TelnetEvent) -> Void) {
        if afterCR {
            afterCR = false
            if byte == Self.lf || byte == Self.nul {
                return
            }
        }
        switch byte {
        case Self.cr:
            endLine(emit)
            afterCR = true
        case Self.lf:
            endLine(emit)
        case Self.nul:
            break
        case Self.bs, Self.del:
            eraseCharacter()
        default:
            appendToLine(byte, emit)
        }
    }

    private mutating func appendToLine(_ byte: UInt8, _ emit: (TelnetEvent) -> Void) {
        if discardingLine {
            return
        }
        pendingBytes += 1
        if pendingBytes > maxPendingBytes {
            emit(.lineTooLong)
            discardingLine = true
            clearLine()
            return
        }
        if overflowCharacters == 0 && line.count < maxLineBytes {
            line.append(byte)
            return
        }
        // Past the cap: count, don't store. On the first overflowing byte, move a half-stored scalar
        // out of the line so the truncated line ends on a scalar boundary.
        if overflowCharacters == 0, let length = incompleteTailLength() {
            line.removeLast(length)
            overflowCharacters = 1
            if Self.isContinuation(byte) {
                return
            }
        }
        if readsLatin1 || !Self.isContinuation(byte) || overflowCharacters == 0 {
            overflowCharacters += 1
        }
    }

    private mutating func endLine(_ emit: (TelnetEvent) -> Void) {
        if discardingLine {
            discardingLine = false
        } else {
            emit(.line(decodedLine(), truncated: overflowCharacters > 0))
        }
        clearLine()
    }

    /// The pending line as text: UTF-8 (invalid bytes become U+FFFD) or, for a Latin-1
    /// client, a character per byte.
    private func decodedLine() -> String {
        guard readsLatin1, line.contains(where: { $0 >= 0x80 }) else { return String(decoding: line, as: UTF8.self) }
        var text = ""
        text.unicodeScalars.reserveCapacity(line.count)
        for byte in line { text.unicodeScalars.append(Unicode.Scalar(byte)) }
        return text
    }

    private mutating func clearLine() {
        line.removeAll(keepingCapacity: line.capacity <= Self.keptCapacity)
        pendingBytes = 0
        overflowCharacters = 0
    }

    /// Removes the last character, which is a whole UTF-8 scalar when the bytes are valid
    /// (what the user sees as one character), or one byte of an invalid sequence.
    private mutating func eraseCharacter() {
        if discardingLine {
            return
        }
        if overflowCharacters > 0 {
            // Overflow bytes are not stored, so their scalar lengths are unknown: count one byte per
            // character (an overestimate for multi-byte text), exact again once the overflow is gone.
            overflowCharacters -= 1
            pendingBytes = overflowCharacters == 0 ? line.count : pendingBytes - 1
            return
        }
        guard !line.isEmpty else { return }
        line.removeLast(readsLatin1 ? 1 : trailingSequence()?.length ?? 1)
        pendingBytes = line.count
    }

    /// Length of the trailing scalar if it was started but not finished, else nil.
    private func incompleteTailLength() -> Int? {
        guard !readsLatin1, let tail = trailingSequence(), tail.length < tail.expected else { return nil }
        return tail.length
    }

    /// The trailing (possibly incomplete) UTF-8 sequence: a lead byte followed only by continuation bytes,
    /// no more than the lead announces. Nil when the tail is not such a sequence (invalid bytes).
    private func trailingSequence() -> (length: Int, expected: Int)? {
        guard !line.isEmpty else { return nil }
        let end = line.count
        var start = end - 1
        let lowest = max(0, end - 4)
        while start > lowest && Self.isContinuation(line[start]) {
            start -= 1
        }
        guard let expected = Self.sequenceLength(lead: line[start]), end - start <= expected else { return nil }
        return (end - start, expected)
    }

    private static func isContinuation(_ byte: UInt8) -> Bool {
        byte & 0xC0 == 0x80
    }

    /// Bytes in a UTF-8 sequence starting with `lead`; nil for bytes that never start one.
    private static func sequenceLength(lead: UInt8) -> Int? {
        switch lead {
        case 0x00...0x7F: 1
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: nil
        }
    }
}
