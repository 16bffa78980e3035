import LivePetNet
import LivePetSupport
import LivePetTelnet
import Synchronization

/// The last lines said in rooms (say, emote) and on the chat channel, for `history` and for
/// whoever enters a pet's room. In memory only: a restart forgets them.
///
/// Bounded twice: each place keeps a ring of `linesPerPlace` lines, and only places that had
/// talk hold one, at most `maxPlaces` of them; a new place past that evicts the one quiet
/// for longest. With a million pets, memory is bounded by talk, not by pets:
/// 2,000 rings of 20 lines of at most ~600 bytes is under 25 MiB in the worst case.
public final class TalkHistory: Sendable {
    public static let linesPerPlace = 20
    public static let maxPlaces = 2_000

    /// Where a line was said.
    public enum Channel: Hashable, Sendable {
        case place(PlaceID)
        case chat

        /// One integer per channel (pet ids are positive): hashing it is one `combine`, where
        /// the synthesized hash of the nested enums took twice the instructions of a `say`'s
        /// whole record.
        private var code: Int64 {
            switch self {
            case .place(.pet(let id)): id
            case .place(.lobby): -1
            case .chat: -2
            }
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(code)
        }

        public static func == (lhs: Channel, rhs: Channel) -> Bool {
            lhs.code == rhs.code
        }
    }

    /// One remembered line: who said it, how (`kind`), the words, and when
    /// (`ServerClock.uptimeNanos`). Kept in parts, not formatted: a `say` pays only for storing
    /// references to strings it already has, and `text` formats on reading.
    public struct Line: Sendable, Equatable {
        public var speaker: String
        public var kind: Kind
        public var words: String
        public var at: UInt64

        /// The line as the room saw it (plain; the screen-reader wording is the same for talk).
        public var text: String {
            switch kind {
            case .say: return "\(speaker) says, \"\(words)\""
            case .emote:
                // As `TalkLine.emote`: no space before punctuation ("Ann's cat").
                let tight = words.first.map { "',.:;!?".contains($0) } == true
                return speaker + (tight ? "" : " ") + words
            case .chat: return "[chat] \(speaker): \(words)"
            }
        }
    }

    /// How a line joins its speaker and words.
    public enum Kind: Sendable, Equatable {
        case say, emote, chat
    }

    private struct Ring {
        var lines: [Line] = []
        /// Where the next line goes once the ring is full.
        var next = 0
        var lastWrite: UInt64 = 0

        mutating func append(_ line: Line) {
            if lines.count < TalkHistory.linesPerPlace {
                lines.append(line)
            } else {
                lines[next] = line
                next = (next + 1) % TalkHistory.linesPerPlace
            }
            lastWrite = line.at
        }

        /// Oldest first.
        var ordered: [Line] { Array(lines[next...] + lines[..<next]) }
    }

    private let rings = Mutex<[Channel: Ring]>([:])

    public init() {}

    /// Remembers a line of talk (`words` as said, already cleaned).
    public func record(_ channel: Channel, _ kind: Kind, speaker: String, words: String, at now: UInt64) {
        let line = Line(speaker: speaker, kind: kind, words: words, at: now)
        rings.withLock { rings in
            // One lookup on the common path: the place already has a ring.
            if let index = rings.index(forKey: channel) {
                rings.values[index].append(line)
                return
            }
            if rings.count >= Self.maxPlaces, let quietest = rings.min(by: { $0.value.lastWrite < $1.value.lastWrite })?.key {
                rings[quietest] = nil
            }
            var ring = Ring()
            ring.append(line)
            rings[channel] = ring
        }
    }

    /// The last `limit` lines of `channel`, oldest first, said at or after `since`.
    public func lines(_ channel: Channel, limit: Int = linesPerPlace, since: UInt64 = 0) -> [Line] {
        let all = rings.withLock { $0[channel]?.ordered ?? [] }
        return Array(all.filter { $0.at >= since }.suffix(limit))
    }

    /// Forgets a place's lines (a pet's room closed with its owner's account).
    public func forget(_ channel: Channel) {
        _ = rings.withLock { $0.removeValue(forKey: channel) }
    }

    /// How many places hold a ring (tests, bounds).
    public var placeCount: Int { rings.withLock { $0.count } }
}
