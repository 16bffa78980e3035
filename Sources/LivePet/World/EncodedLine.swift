import LivePetNet
import LivePetSupport
import LivePetTelnet

/// A room line encoded for the wire at most once per kind of client (colour or not, screen
/// reader or not), held in raw buffers so the broadcast loop hands out bytes without
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
    /// Indexed by `SessionPrefs.variantIndex`; empty until a member needs that variant.
    private var variants = Array(repeating: UnsafeMutableRawBufferPointer(start: nil, count: 0), count: 4)

    package init(_ line: RoomLine) {
        source = .line(line)
    }

    /// A delivery with no line (`Fanout` with telnet bytes only).
    package static var none: EncodedLine { EncodedLine(source: .empty) }

    private init(source: Source) {
        self.source = source
    }

    /// Talk has no screen-reader wording of its own: both variants of a kind are the same.
    init(_ talk: TalkLine) {
        source = .talk(talk, wrapped: talk.wrapped())
    }

    package mutating func bytes(variant index: Int) -> UnsafeRawBufferPointer {
        if variants[index].baseAddress == nil {
            var bytes: [UInt8] = []
            switch source {
            case .line(let line): line.appendVariant(colour: index & 1 != 0, screenReader: index & 2 != 0, to: &bytes)
            case .talk(let talk, let wrapped): talk.append(colour: index & 1 != 0, wrapped: wrapped, to: &bytes)
            case .empty: break
            }
            variants[index] = EncodedTelnet.copy(bytes)
        }
        return UnsafeRawBufferPointer(variants[index])
    }

    deinit {
        for buffer in variants where buffer.baseAddress != nil { buffer.deallocate() }
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
