import Foundation
import Testing
@testable import LivePetStore
@testable import LivePetWorld

/// The admin store contract, run against both stores; bans and audit survive a reopen.
@Suite struct AdminStoreTests {
    static func check(_ store: any AdminStore & AccountStore) async throws {
        let alice = try await store.createAccount(name: "Alice", passwordHash: "h", isAdmin: false, createdAt: 1)
        try await store.setAdmin(accountID: alice.id, isAdmin: true)
        #expect(try await store.account(named: "alice")?.isAdmin == true)
        try await store.setAdmin(accountID: alice.id, isAdmin: false)
        #expect(try await store.account(named: "alice")?.isAdmin == false)
        await #expect(throws: StoreError.self) { try await store.setAdmin(accountID: 999, isAdmin: true) }

        try await store.addBan(BanRecord(kind: .name, target: "bob", createdAt: 10, expiresAt: nil, admin: "Alice", reason: "spam"))
        try await store.addBan(BanRecord(kind: .address, target: "10.0.0.1", createdAt: 11, expiresAt: 100, admin: "Alice"))
        // Banning again replaces the first ban.
        try await store.addBan(BanRecord(kind: .address, target: "10.0.0.1", createdAt: 12, expiresAt: 200, admin: "Carol"))
        let active = try await store.activeBans(now: 150)
        #expect(active.count == 2)
        #expect(active.first { $0.kind == .address }?.expiresAt == 200)
        #expect(active.first { $0.kind == .name }?.reason == "spam")
        #expect(try await store.activeBans(now: 200).map(\.target) == ["bob"])
        #expect(try await store.removeBan(kind: .name, target: "bob"))
        #expect(try await !store.removeBan(kind: .name, target: "bob"))

        for index in 0..<5 {
            try await store.appendAudit(AuditEntry(time: Int64(index), admin: "Alice", action: "kick", target: "T\(index)", detail: "d"))
        }
        let recent = try await store.recentAudit(limit: 3)
        #expect(recent.map(\.target) == ["T4", "T3", "T2"])
    }

    @Test func memoryStore() async throws {
        try await Self.check(MemoryStore())
    }

    @Test func sqliteStore() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/livepet.sqlite"
            let store = try await SQLiteStore.open(path: path)
            try await Self.check(store)
            await store.close()
            let reopened = try await SQLiteStore.open(path: path)
            #expect(try await reopened.activeBans(now: 0).map(\.target) == ["10.0.0.1"])
            #expect(try await reopened.recentAudit(limit: 100).count == 5)
            await reopened.close()
        }
    }

    @Test func aSchemaOneDatabaseGainsBansAndAudit() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/old.sqlite"
            do {
                let db = try Database(path: path)
                try Migrations.steps[0].apply(db)
                try db.setUserVersion(1)
                try db.execute("INSERT INTO accounts (name, name_key, password_hash, created_at) VALUES ('Old', 'old', 'h', 1)")
            }
            let store = try await SQLiteStore.open(path: path)
            #expect(try await store.account(named: "old") != nil)
            try await store.addBan(BanRecord(kind: .name, target: "x", createdAt: 0, expiresAt: nil, admin: "a"))
            #expect(try await store.activeBans(now: 0).count == 1)
            await store.close()
        }
    }
}
