import Testing
@testable import LivePetStore
@testable import LivePetWorld

/// What the store reports as saved is on the disk when the call returns: in WAL mode that
/// takes `synchronous = FULL`, which syncs the log at every commit; `NORMAL` syncs it only at
/// SQLite's own checkpoints, so an OS crash or a power cut can roll those commits back.
///
/// The VFS counts the syncs SQLite asks for; it cannot cut the power. It shows that each
/// durable write asks the OS to flush the log before it returns, not that the disk obeys.
@Suite struct DurableCommitTests {
    @Test func reportedWritesSyncTheLogAndCheckpointsDoNot() async throws {
        let vfs = SyncCountingVFS.register()
        try await withTemporaryDirectory { dir in
            let path = dir + "/livepet.sqlite"
            let store = try await SQLiteStore.open(path: path, vfs: vfs)
            // Runs `write` and returns how often it synced the log.
            func syncs(_ write: () async throws -> Void) async throws -> Int {
                let before = SyncCountingVFS.walSyncs(path)
                try await write()
                return SyncCountingVFS.walSyncs(path) - before
            }
            // A checkpoint first: the log has a header and frames, so no sync below is the
            // one SQLite makes when it starts a log.
            #expect(try await syncs { try await store.write(Checkpoint(tick: 1, pets: [], treats: [:])) } == 0)

            var alice: AccountRecord?
            #expect(try await syncs { alice = try await store.createAccount(name: "Alice", passwordHash: "h", isAdmin: false, createdAt: 1) } >= 1)
            let owner = try #require(alice)
            #expect(try await syncs {
                _ = try await store.insertPet(PetRecord(id: 0, name: "Shelly", species: "fish", ownerID: owner.id, bornTick: 1, hunger: 0, hungerTick: 1))
            } >= 1)
            #expect(try await syncs { try await store.setPasswordHash(accountID: owner.id, hash: "h2") } >= 1)

            // Back to NORMAL for the world's checkpoints, after the durable writes.
            #expect(try await syncs { try await store.write(Checkpoint(tick: 2, pets: [], treats: [owner.id: 4])) } == 0)

            // Admin actions are reported as done too.
            #expect(try await syncs { try await store.setAdmin(accountID: owner.id, isAdmin: true) } >= 1)
            #expect(try await syncs { try await store.addBan(BanRecord(kind: .name, target: "mallory", createdAt: 1, expiresAt: nil, admin: "Alice")) } >= 1)
            #expect(try await syncs { _ = try await store.removeBan(kind: .name, target: "mallory") } >= 1)
            #expect(try await syncs { try await store.appendAudit(AuditEntry(time: 1, admin: "Alice", action: "ban", target: "mallory", detail: "")) } >= 1)
            #expect(try await syncs { try await store.write(Checkpoint(tick: 3, pets: [], treats: [:])) } == 0)
            await store.close()
        }
    }
}
