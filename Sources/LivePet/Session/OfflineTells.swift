import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// `tell` to a player who is not there: kept for their next login (`LoginMemory` delivers
/// it), within `OfflineMessage.Limits` (20 waiting per recipient, 3 of them from one sender,
/// 60 from one sender in all, 7 days). Guests cannot leave messages. A message from someone
/// the recipient ignores is not kept, and its sender hears exactly what they would hear if it
/// had been: ignoring someone stays invisible to them.
enum OfflineTells {
    /// `recipient` is offline (`linkDead`: their connection dropped, and is not back yet).
    static func leave(_ session: isolated Session, to recipient: String, text: String, linkDead: String?) async {
        guard let player = session.player else { return }
        let asked = TextSanitizer.clean(recipient)
        guard let senderID = player.accountID else {
            if let linkDead {
                session.connection.send("\(linkDead)'s link is dead right now; they would not see your tell, and guests cannot leave messages.\n")
            } else {
                session.connection.send("Nobody called \(asked) is online. Guests can only tell players who are online.\n")
            }
            return
        }
        let account: AccountRecord?
        do {
            account = recipient.count <= NameRules.accountNameLength.upperBound
                ? try await session.services.accounts.account(named: recipient) : nil
        } catch {
            Logger.shared.error("store", ["error": "\(error)", "action": "offline_tell_lookup"])
            session.answer("Nobody called \(asked) is online, and your message could not be kept just now. Please try again later.\n")
            return
        }
        guard let account else {
            session.answer("Nobody called \(asked) is online, and there is no player by that name.\n")
            return
        }
        let saved = savedLine(account.name, linkDead: linkDead != nil)
        if session.services.ignoreLists.list(for: account.name)[NameKey.make(player.name)] != nil {
            session.answer(saved)
            return
        }
        let message = OfflineMessage(recipientID: account.id, senderID: senderID, senderName: player.name,
                                     text: text, sentAt: session.services.clock.unixSeconds())
        let limits = session.services.offlineLimits
        do {
            switch try await session.services.profiles.leaveMessage(message, limits: limits) {
            case .saved:
                session.answer(saved)
            case .recipientFull:
                session.answer("\(account.name) is away and already has \(limits.perRecipient) messages waiting, so yours was not saved. Try again after they have been back.\n")
            case .senderLimit:
                session.answer("You already have as many messages waiting for \(account.name) as you may leave (\(limits.perSenderPerRecipient) each, \(limits.perSender) in all), so this one was not saved.\n")
            }
        } catch {
            Logger.shared.error("store", ["error": "\(error)", "action": "offline_tell"])
            session.answer("Sorry, your message to \(account.name) could not be saved; it was not delivered.\n")
        }
    }

    private static func savedLine(_ name: String, linkDead: Bool) -> String {
        linkDead
            ? "\(name)'s link is dead right now; your message is saved and they will get it when they log in again.\n"
            : "\(name) is not online; your message is saved and they will get it when they next log in.\n"
    }
}
