import LivePetSupport
import LivePetWorld

/// What the world remembers of a player between logins: saved preferences, offline
/// messages, the event log of their pets, and when they were last seen. Implemented by both
/// stores; changes are durable when a method returns.
public protocol ProfileStore: Sendable {
    /// Saved preferences (`color`, `ticks`, ...) by name; values are what the player chose.
    func preferences(accountID: Int64) async throws -> [String: String]
    func setPreference(accountID: Int64, key: String, value: String) async throws
    /// Keeps a message for an offline account within `limits`; expired ones are dropped first.
    func leaveMessage(_ message: OfflineMessage, limits: OfflineMessage.Limits) async throws -> OfflineMessage.Outcome
    /// Removes and returns the recipient's messages, oldest first, without those sent
    /// before `notBefore` (expired).
    func takeMessages(recipientID: Int64, notBefore: Int64) async throws -> [OfflineMessage]
    /// Events of these pets after world tick `afterTick`, as checkpoints wrote them.
    func petEvents(petIDs: [Int64], afterTick: Int64) async throws -> [PetEvent]
    /// Records a login or a logout: Unix seconds and the world tick.
    func setLastSeen(accountID: Int64, unixTime: Int64, tick: Int64) async throws
}

/// A `tell` kept for an account that was offline.
public struct OfflineMessage: Sendable, Equatable {
    public var recipientID: Int64
    public var senderID: Int64
    public var senderName: String
    public var text: String
    /// Unix seconds.
    public var sentAt: Int64

    public init(recipientID: Int64, senderID: Int64, senderName: String, text: String, sentAt: Int64) {
        self.recipientID = recipientID
        self.senderID = senderID
        self.senderName = senderName
        self.text = text
        self.sentAt = sentAt
    }

    /// How much one account may be sent and may send.
    public struct Limits: Sendable, Equatable {
        /// Messages waiting for one recipient.
        public var perRecipient = 20
        /// Messages from one sender waiting for one recipient: no one sender fills a box.
        public var perSenderPerRecipient = 3
        /// Messages from one sender waiting for anyone.
        public var perSender = 60
        /// Seconds a message is kept (7 days).
        public var maxAge: Int64 = 7 * 24 * 3600
        /// UTF-8 bytes of text kept (an online tell is bounded by the line length, 512).
        public var maxTextBytes = 512

        public init() {}
    }

    public enum Outcome: Sendable, Equatable {
        case saved
        /// The recipient's box holds `perRecipient` messages.
        case recipientFull
        /// The sender has `perSenderPerRecipient` waiting for this recipient, or `perSender` in all.
        case senderLimit
    }

    /// `text` cut to `limit` UTF-8 bytes on a character boundary.
    public static func bounded(_ text: String, limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var result = ""
        var used = 0
        for character in text {
            let size = character.utf8.count
            if used + size > limit { break }
            result.append(character)
            used += size
        }
        return result
    }
}
