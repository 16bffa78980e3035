import LivePetNet
import LivePetSupport
import LivePetTelnet
import Synchronization

/// Someone in a room: enough to address them without asking their session.
public struct RoomMember: Sendable {
    public let sessionID: UInt64
    public let name: String
    public let connection: Connection
    public let prefs: SessionPrefs
    /// The same two references, unretained: the broadcast loop reads them through these so a
    /// line to a thousand members costs no reference counting (the strong fields above keep
    /// both alive while the member is in a room).
    let connectionRef: Unmanaged<Connection>
    let prefsRef: Unmanaged<SessionPrefs>

    public init(sessionID: UInt64, name: String, connection: Connection, prefs: SessionPrefs = SessionPrefs()) {
        self.sessionID = sessionID
        self.name = name
        self.connection = connection
        self.prefs = prefs
        connectionRef = .passUnretained(connection)
        prefsRef = .passUnretained(prefs)
    }
}

/// Per-session display choices that rooms read while broadcasting, without a hop to the session.
public final class SessionPrefs: Sendable {
    /// `ticks all|changes|off` (`TickMode`'s raw value): which status lines and reactions
    /// this player gets.
    private let ticks = Atomic<UInt8>(TickMode.default.rawValue)
    /// The client's window width (NAWS, 20–250; 80 until told): talk is wrapped to it.
    package let width = Atomic<Int>(TalkWrap.width)
    /// The hearts of the pet whose room this player is in, as its prompt shows them: set by
    /// the pet when they arrive and when the hearts change (`Pet`), read by the prompt.
    package let roomHearts = Atomic<Int>(-1)
    /// The player's account (treats in the prompt), or -1 for guests.
    package let accountID = Atomic<Int64>(-1)

    public var tickMode: TickMode {
        get { TickMode(rawValue: ticks.load(ordering: .relaxed)) ?? .default }
    }

    public func setTickMode(_ mode: TickMode) {
        ticks.store(mode.rawValue, ordering: .relaxed)
    }
    /// The display bits of `variantIndex` in one atomic, so a broadcast reads both with one
    /// load: ANSI colour (1: from TTYPE/MTTS, or `color on|off`) and screen-reader wording
    /// (2: no pictures, hearts as words; MTTS 64 or `screenreader on`).
    private let display = Atomic<UInt8>(0)
    private static let colourBit: UInt8 = 1
    private static let screenReaderBit: UInt8 = 2

    /// ANSI colour.
    public var colour: Bool { display.load(ordering: .relaxed) & Self.colourBit != 0 }
    /// Screen-reader wording.
    public var screenReader: Bool { display.load(ordering: .relaxed) & Self.screenReaderBit != 0 }

    public func setColour(_ on: Bool) { set(Self.colourBit, on) }
    public func setScreenReader(_ on: Bool) { set(Self.screenReaderBit, on) }

    private func set(_ bit: UInt8, _ on: Bool) {
        if on {
            display.bitwiseOr(bit, ordering: .relaxed)
        } else {
            display.bitwiseAnd(~bit, ordering: .relaxed)
        }
    }
    /// The client enabled GMCP.
    public let gmcp = Atomic<Bool>(false)
    /// The treats last sent in GMCP `Char.Status` (-1: none yet), so it goes out on a change only.
    package let treatsSent = Atomic<Int>(-1)
    /// Admin commands resolve for this player (set at login; `promote` and `demote` flip it).
    public let isAdmin = Atomic<Bool>(false)
    /// What `users` shows as the client: GMCP Core.Hello's name, or the first TTYPE answer.
    package let client = Mutex<String>("")
    /// Whom this player ignores (name key → name as shown); read while delivering talk.
    package let ignored = Mutex<[String: String]>([:])
    /// Fast path for the common case of ignoring nobody.
    let ignoresAnyone = Atomic<Bool>(false)
    /// Another connection took the character over, or an admin removed it: the session runs
    /// nothing more of what its connection had sent.
    public let displaced = Atomic<Bool>(false)

    /// Whether talk from `name` is hidden from this player.
    package func isIgnoring(_ name: String) -> Bool {
        guard ignoresAnyone.load(ordering: .relaxed) else { return false }
        let key = NameKey.make(name)
        return ignored.withLock { $0[key] != nil }
    }

    /// Replaces the ignore list.
    package func setIgnored(_ list: [String: String]) {
        ignored.withLock { $0 = list }
        ignoresAnyone.store(!list.isEmpty, ordering: .relaxed)
    }

    /// Colour 1, screen reader 2 (`EncodedLine.variant` adds the connection's charset).
    package var variantIndex: Int { Int(display.load(ordering: .relaxed)) }

    public init() {}
}
