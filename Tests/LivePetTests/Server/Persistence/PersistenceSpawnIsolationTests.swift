import Foundation
import Testing
@testable import LivePetStore

/// The process tests must not disturb the in-process ones: a child that briefly shared this
/// process's descriptors would also share its `flock` on every open `<db>.lock`, and a store
/// closed and reopened at that moment would be refused as "in use" (see `SpawnedLivePet`).
@Suite(.needsLivePetExecutable)
struct PersistenceSpawnIsolationTests {
    @Test func reopeningAStoreWhileChildrenStartNeverFindsItLocked() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir + "/livepet.sqlite"
            let refusals = try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask {
                    for _ in 0..<12 {
                        let exit = try await SpawnedLivePet.run(["--help"]) { process in
                            try await process.waitForExit()
                        }
                        #expect(exit == .code(0))
                    }
                    return 0
                }
                group.addTask {
                    var refusals = 0
                    for _ in 0..<150 {
                        do {
                            let store = try await SQLiteStore.open(path: path)
                            await store.close()
                        } catch {
                            refusals += 1
                        }
                    }
                    return refusals
                }
                return try await group.reduce(0, +)
            }
            #expect(refusals == 0)
        }
    }
}
