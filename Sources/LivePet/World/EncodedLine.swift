import LivePetNet
import LivePetSupport
import LivePetTelnet

/// A room line encoded for the wire at most once per kind of client (colour or not, screen
/// reader or not, UTF-8 or ASCII: eight variants), held in raw buffers so the broadcast loop hands out bytes without
/// reference counting. Freed when the broadcast ends.
package struct EncodedLine: ~Copyable {
    private enum Source {
        case line(RoomLine)
        /// With its text wrapped for terminals if the line is too wide (`TalkLine.wrapped()`).
        case talk(TalkLine, wrapped: String?)
        /// Nothing to send (a delivery of telnet bytes only).
        case empty
    }

    private let source: Source
    /// Indexed by `variant(_:_:)`; empty until a member needs that variant.
    private var variants = Array(repeating: UnsafeMutableRawBufferPointer(start: nil, count: 0), count: 8)
    /// Talk for members whose window is not 80 columns wide and whose line had to be wrapped
    /// for them: keyed by width × 8 + variant, made at most once each (members mostly share
    /// a few widths). Empty for every other line.
    private var otherWidths: [(key: Int, buffer: UnsafeMutableRawBufferPointer)] = []

    /// The variant a member gets: `SessionPrefs.variantIndex` (colour 1, screen reader 2),
    /// plus 4 when the member's connection is ASCII-only (`TelnetCharset.ascii`).
    @inline(__always)
    package static func variant(_ prefs: SessionPrefs, _ connection: Connection) -> Int {
        prefs.variantIndex | (connection.charsetCode.load(ordering: .relaxed) == TelnetCharset.ascii.rawValue ? 4 : 0)
    }

    package init(_ line: RoomLine) {
        source = .line(line)
    }

    /// A delivery with no line (`Fanout` with telnet bytes only).
    package static var none: EncodedLine { EncodedLine(source: .empty) }

    private init(source: Source) {
        self.source = source
    }

    /// Talk has no screen-reader wording of its own: both variants of a kind are the same.
    package init(_ talk: TalkLine) {
        source = .talk(talk, wrapped: talk.wrapped())
    }

    package mutating func bytes(variant index: Int) -> UnsafeRawBufferPointer {
        if variants[index].baseAddress == nil {
            var bytes: [UInt8] = []
            let colour = index & 1 != 0
            let ascii = index & 4 != 0
            switch source {
            case .line(let line) where ascii:
                // Folded (`ASCIIText`) before its styles are rendered, once per line.
                RoomLine(ASCIIText.fold(line.text), spoken: line.spoken.map(ASCIIText.fold))
                    .appendVariant(colour: colour, screenReader: index & 2 != 0, to: &bytes)
            case .line(let line):
                line.appendVariant(colour: colour, screenReader: index & 2 != 0, to: &bytes)
            case .talk(let talk, _) where ascii:
                // Wrapped again by the folded text's own widths.
                let folded = talk.foldedToASCII()
                folded.append(colour: colour, wrapped: folded.wrapped(), to: &bytes)
            case .talk(let talk, let wrapped):
                talk.append(colour: colour, wrapped: wrapped, to: &bytes)
            case .empty: break
            }
            variants[index] = EncodedTelnet.copy(bytes)
        }
        return UnsafeRawBufferPointer(variants[index])
    }

    /// `bytes(variant:)` for a member whose window is `width` columns wide: talk wrapped to
    /// it. Everything else, and talk that needs no other breaks at that width (a line that
    /// fits 80 columns fits any wider window), is the same bytes for every width.
    @inline(__always)
    package mutating func bytes(variant index: Int, width: Int) -> UnsafeRawBufferPointer {
        if width == TalkWrap.width { return bytes(variant: index) }
        return bytes(variant: index, otherWidth: width)
    }

    private mutating func bytes(variant index: Int, otherWidth width: Int) -> UnsafeRawBufferPointer {
        guard case .talk(let talk, let wrapped) = source else { return bytes(variant: index) }
        let ascii = index & 4 != 0
        let line = ascii ? talk.foldedToASCII() : talk
        let rewrapped = line.wrapped(width: width)
        // The same as the 80-column bytes: unwrapped there and fits here.
        if rewrapped == nil, ascii ? line.wrapped() == nil : wrapped == nil { return bytes(variant: index) }
        let key = width << 3 | index
        if let found = otherWidths.first(where: { $0.key == key }) { return UnsafeRawBufferPointer(found.buffer) }
        var bytes: [UInt8] = []
        line.append(colour: index & 1 != 0, wrapped: rewrapped, to: &bytes)
        let buffer = EncodedTelnet.copy(bytes)
        otherWidths.append((key, buffer))
        return UnsafeRawBufferPointer(buffer)
    }

    deinit {
        for buffer in variants where buffer.baseAddress != nil { buffer.deallocate() }
        for entry in otherWidths { entry.buffer.deallocate() }
    }
}

/// Telnet bytes (GMCP) made on first use and shared by every member of one broadcast.
package struct EncodedTelnet: ~Copyable {
    private let make: () -> [UInt8]
    private var buffer = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    package init(_ make: @escaping () -> [UInt8]) {
        self.make = make
    }

    package mutating func bytes() -> UnsafeRawBufferPointer {
        if buffer.baseAddress == nil { buffer = Self.copy(make()) }
        return UnsafeRawBufferPointer(buffer)
    }

    /// A raw copy with a non-nil base even when empty, so "made" and "not yet" differ.
    static func copy(_ bytes: [UInt8]) -> UnsafeMutableRawBufferPointer {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        return UnsafeMutableRawBufferPointer(rebasing: buffer[0..<bytes.count])
    }

    deinit {
        if buffer.baseAddress != nil { buffer.deallocate() }
    }
}
