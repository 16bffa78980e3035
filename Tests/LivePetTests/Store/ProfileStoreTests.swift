import Foundation
import Testing
@testable import LivePetStore
@testable import LivePetWorld

/// What the world remembers of players (schema 3), in a real SQLite file: saved preferences,
/// offline messages and their bounds, the pet event log written with the checkpoint, and the
/// rows that go with a deleted account or pet.
@Suite struct ProfileStoreTests {
    private func message(_ from: AccountRecord, to: AccountRecord, _ text: String, at time: Int64) -> OfflineMessage {
        OfflineMessage(recipientID: to.id, senderID: from.id, senderName: from.name, text: text, sentAt: time)
    }

    @Test func preferencesSurviveAReopenAndLeaveWithTheirAccount() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/livepet.sqlite"
            let store = try await SQLiteStore.open(path: path)
            let alice = try await store.createAccount(name: "Alice", passwordHash: "h", isAdmin: false, createdAt: 1)
            let bob = try await store.createAccount(name: "Bob", passwordHash: "h", isAdmin: false, createdAt: 1)
            try await store.setPreference(accountID: alice.id, key: "color", value: "on")
            try await store.setPreference(accountID: alice.id, key: "ticks", value: "changes")
            try await store.setPreference(accountID: alice.id, key: "color", value: "off")  // replaced, not added
            #expect(try await store.leaveMessage(message(bob, to: alice, "hi", at: 100), limits: .init()) == .saved)
            #expect(try await store.leaveMessage(message(alice, to: bob, "yo", at: 100), limits: .init()) == .saved)
            await store.close()

            let reopened = try await SQLiteStore.open(path: path)
            #expect(try await reopened.preferences(accountID: alice.id) == ["color": "off", "ticks": "changes"])
            #expect(try await reopened.preferences(accountID: bob.id) == [:])
            // Deleting the account row (what account deletion will do) takes its preferences
            // and every message it sent or was sent with it.
            try await reopened.deleteAccountRow(alice.id)
            #expect(try await reopened.preferences(accountID: alice.id) == [:])
            #expect(try await reopened.takeMessages(recipientID: bob.id, notBefore: 0) == [])
            #expect(try await reopened.tableCount("offline_messages") == 0)
            await reopened.close()
        }
    }

    @Test func offlineMessagesAreBoundedPerRecipientPerSenderAndInTime() async throws {
        try await withTemporaryDirectory { dir in
            let store = try await SQLiteStore.open(path: dir + "/livepet.sqlite")
            var senders: [AccountRecord] = []
            for index in 0..<8 {
                senders.append(try await store.createAccount(name: "Sender\(index)", passwordHash: "h", isAdmin: false, createdAt: 1))
            }
            let bob = try await store.createAccount(name: "Bob", passwordHash: "h", isAdmin: false, createdAt: 1)
            let limits = OfflineMessage.Limits()
            let now: Int64 = 1_000_000
            // One sender: three, then refused.
            for number in 1...3 {
                #expect(try await store.leaveMessage(message(senders[0], to: bob, "m\(number)", at: now), limits: limits) == .saved)
            }
            #expect(try await store.leaveMessage(message(senders[0], to: bob, "m4", at: now), limits: limits) == .senderLimit)
            // Six more senders fill the box to 20 (3 + 17); the 21st message is refused.
            var saved = 3
            for sender in senders[1...6] {
                for number in 1...3 where saved < 20 {
                    #expect(try await store.leaveMessage(message(sender, to: bob, "n\(number)", at: now + 10), limits: limits) == .saved)
                    saved += 1
                }
            }
            #expect(saved == 20)
            #expect(try await store.leaveMessage(message(senders[7], to: bob, "one too many", at: now + 10), limits: limits) == .recipientFull)

            // Seven days and a second after the first sender's three, they have expired: room again.
            let later = now + limits.maxAge + 1
            #expect(try await store.leaveMessage(message(senders[7], to: bob, String(repeating: "é", count: 400), at: later), limits: limits) == .saved)
            let delivered = try await store.takeMessages(recipientID: bob.id, notBefore: later - limits.maxAge)
            #expect(delivered.count == 18)
            #expect(!delivered.contains { $0.senderID == senders[0].id })
            #expect(delivered.last?.text.utf8.count == 512)  // 256 two-byte characters: cut at the byte bound
            #expect(delivered.first?.text == "n1")
            // Delivered means deleted.
            #expect(try await store.takeMessages(recipientID: bob.id, notBefore: 0) == [])
            await store.close()
        }
    }

    @Test func theCheckpointWritesCoalescedEventsBoundedPerPet() async throws {
        try await withTemporaryDirectory { dir in
            let store = try await SQLiteStore.open(path: dir + "/livepet.sqlite")
            let world = try await World.load(from: store)
            let alice = try await store.createAccount(name: "Alice", passwordHash: "h", isAdmin: false, createdAt: 1)
            let bob = try await store.createAccount(name: "Bob", passwordHash: "h", isAdmin: false, createdAt: 1)
            let rex = try await world.adopt(name: "Rex", species: .dog, ownerID: alice.id, ownerName: "Alice")
            for _ in 0..<3 { world.events.recordVisit(petID: rex.id, visitor: "Bob", tick: 5) }
            world.events.recordTreat(petID: rex.id, giverID: bob.id, giver: "Bob", toOwnPet: false, tick: 6)
            world.events.recordTreat(petID: rex.id, giverID: alice.id, giver: "Alice", toOwnPet: true, tick: 6)
            world.events.recordVisit(petID: 999, visitor: "Ghost", tick: 6)  // no such pet: skipped, not fatal
            #expect(world.events.pendingGiven(bob.id) == 1)
            try await world.checkpoint()
            #expect(world.events.pendingGiven(bob.id) == 0)

            let events = try await store.petEvents(petIDs: [rex.id, 999], afterTick: 0)
            #expect(events.count == 2)
            #expect(events.contains(PetEvent(petID: rex.id, kind: .visit, actor: "Bob", count: 3, tick: 5)))
            #expect(events.contains(PetEvent(petID: rex.id, kind: .treat, actor: "Bob", count: 1, tick: 6)))
            #expect(try await store.petEvents(petIDs: [rex.id], afterTick: 5).count == 1)
            #expect(try await store.account(named: "Bob")?.treatsGiven == 1)
            #expect(try await store.account(named: "Alice")?.treatsGiven == 1)

            // Sixty different visitors over two checkpoints: the newest 50 rows stay.
            for index in 0..<30 { world.events.recordVisit(petID: rex.id, visitor: "V\(index)", tick: 10 + Int64(index)) }
            try await world.checkpoint()
            for index in 30..<60 { world.events.recordVisit(petID: rex.id, visitor: "V\(index)", tick: 10 + Int64(index)) }
            try await world.checkpoint()
            let kept = try await store.petEvents(petIDs: [rex.id], afterTick: 0)
            #expect(kept.count == SQLiteStore.maxEventsPerPet)
            #expect(kept.contains { $0.actor == "V59" })
            #expect(!kept.contains { $0.actor == "V9" })

            // A deleted pet's events go with it.
            try await store.deletePetRow(rex.id)
            #expect(try await store.tableCount("pet_events") == 0)
            await store.close()
        }
    }

    @Test func lastSeenIsRecorded() async throws {
        try await withTemporaryDirectory { dir in
            let store = try await SQLiteStore.open(path: dir + "/livepet.sqlite")
            let alice = try await store.createAccount(name: "Alice", passwordHash: "h", isAdmin: false, createdAt: 1)
            #expect(try await store.account(named: "alice")?.lastSeen == nil)
            try await store.setLastSeen(accountID: alice.id, unixTime: 1234, tick: 56)
            let read = try await store.account(named: "alice")
            #expect(read?.lastSeen == 1234)
            #expect(read?.lastSeenTick == 56)
            await store.close()
        }
    }
}

extension SQLiteStore {
    func deleteAccountRow(_ id: Int64) throws {
        try withDatabase("delete an account") { db in
            let statement = try db.cachedStatement("DELETE FROM accounts WHERE id = ?")
            try statement.bind(id, at: 1)
            try statement.run()
        }
    }

    func deletePetRow(_ id: Int64) throws {
        try withDatabase("delete a pet") { db in
            let statement = try db.cachedStatement("DELETE FROM pets WHERE id = ?")
            try statement.bind(id, at: 1)
            try statement.run()
        }
    }

    func tableCount(_ table: String) throws -> Int {
        try withDatabase("count rows") { db in
            try db.withStatement("SELECT count(*) FROM \(table)") { statement in
                _ = try statement.step()
                return statement.int(at: 0)
            }
        }
    }
}
