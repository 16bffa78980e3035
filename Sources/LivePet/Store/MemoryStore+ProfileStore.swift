import LivePetSupport
import LivePetWorld

extension MemoryStore: ProfileStore {
    public func preferences(accountID: Int64) -> [String: String] {
        preferenceRows[accountID] ?? [:]
    }

    public func setPreference(accountID: Int64, key: String, value: String) throws {
        guard accounts[accountID] != nil else { throw StoreError(.notFound, "no account with id \(accountID)") }
        preferenceRows[accountID, default: [:]][key] = value
    }

    public func leaveMessage(_ message: OfflineMessage, limits: OfflineMessage.Limits) throws -> OfflineMessage.Outcome {
        guard accounts[message.recipientID] != nil, accounts[message.senderID] != nil else {
            throw StoreError(.notFound, "no such account")
        }
        let oldest = message.sentAt - limits.maxAge
        offlineMessages.removeAll { $0.sentAt < oldest && ($0.recipientID == message.recipientID || $0.senderID == message.senderID) }
        let box = offlineMessages.filter { $0.recipientID == message.recipientID }
        if box.count >= limits.perRecipient { return .recipientFull }
        if box.filter({ $0.senderID == message.senderID }).count >= limits.perSenderPerRecipient
            || offlineMessages.filter({ $0.senderID == message.senderID }).count >= limits.perSender {
            return .senderLimit
        }
        var kept = message
        kept.text = OfflineMessage.bounded(message.text, limit: limits.maxTextBytes)
        offlineMessages.append(kept)
        return .saved
    }

    public func takeMessages(recipientID: Int64, notBefore: Int64) -> [OfflineMessage] {
        let mine = offlineMessages.filter { $0.recipientID == recipientID && $0.sentAt >= notBefore }
        offlineMessages.removeAll { $0.recipientID == recipientID }
        return mine
    }

    public func petEvents(petIDs: [Int64], afterTick: Int64) -> [PetEvent] {
        let wanted = Set(petIDs)
        return petEventRows.filter { wanted.contains($0.petID) && $0.tick > afterTick }
    }

    public func setLastSeen(accountID: Int64, unixTime: Int64, tick: Int64) {
        accounts[accountID]?.lastSeen = unixTime
        accounts[accountID]?.lastSeenTick = tick
    }
}
