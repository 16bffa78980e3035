import Foundation
import Glibc
import Testing
@testable import LivePetStore
@testable import LivePetWorld

/// Bad databases and bad settings, through the real binary: each fails at start with one
/// clear line on stderr and a non-zero exit, and leaves the database file exactly as it was.
@Suite(.needsLivePetExecutable)
struct PersistenceStartupFailureTests {
    /// A frozen tick and checkpoint: nothing runs on its own.
    static func serve(db: String, _ extra: [String] = []) -> [String] {
        SpawnedLivePet.serveArguments(db: db, ["--tick", "3600", "--checkpoint", "3600"] + extra)
    }

    /// Runs `arguments` to completion and checks the one-line failure; returns that line.
    @discardableResult
    static func expectFailure(_ arguments: [String], code: Int32, saying fragment: String,
                              sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        try await SpawnedLivePet.run(arguments) { process in
            let exit = try await process.waitForExit(timeout: .seconds(5))
            #expect(exit == .code(code), "stderr: \(process.standardError.debugDescription)", sourceLocation: sourceLocation)
            #expect(process.standardOutput.isEmpty, sourceLocation: sourceLocation)
            let lines = process.errorLines
            #expect(lines.count == 1, "expected one line on stderr, got \(lines)", sourceLocation: sourceLocation)
            let line = lines.first ?? ""
            #expect(line.hasPrefix("livepet: "), sourceLocation: sourceLocation)
            #expect(line.contains(fragment), "\(line.debugDescription) does not say \(fragment.debugDescription)", sourceLocation: sourceLocation)
            return line
        }
    }

    /// The database and any SQLite sidecar files, byte for byte (nil for a missing file).
    static func snapshot(_ db: String) -> [String: Data?] {
        var files: [String: Data?] = [:]
        for suffix in ["", "-wal", "-shm", "-journal"] {
            files[db + suffix] = FileManager.default.contents(atPath: db + suffix)
        }
        return files
    }

    @Test func aFileThatIsNotSQLite() async throws {
        try await withTemporaryDirectory { dir in
            let db = dir + "/notes.sqlite"
            try writeFile(db, Data("Shopping: eggs, milk, fish food\n".utf8))
            let before = Self.snapshot(db)
            try await Self.expectFailure(Self.serve(db: db), code: 1, saying: "is not a LivePet database (it is not an SQLite file)")
            #expect(Self.snapshot(db) == before)
        }
    }

    /// In WAL mode (as LivePet leaves its files) and in rollback mode (as a file copied with
    /// other tools may be): switching the journal mode would rewrite the header, so the
    /// check must come first.
    @Test(arguments: ["wal", "delete"])
    func aDatabaseFromANewerLivePet(journalMode: String) async throws {
        try await withTemporaryDirectory { dir in
            let db = dir + "/livepet.sqlite"
            // A real LivePet database with data, then marked as written by schema 99.
            let store = try await SQLiteStore.open(path: db)
            let owner = try await store.createAccount(name: "Alice", passwordHash: "h", isAdmin: false, createdAt: 1)
            _ = try await store.insertPet(PetRecord(id: 0, name: "Rex", species: "dog", ownerID: owner.id, bornTick: 0, hunger: 250, hungerTick: 0))
            await store.close()
            do {
                let raw = try Database(path: db)
                try raw.setUserVersion(99)
                try raw.execute("PRAGMA journal_mode = \(journalMode)")
                raw.close()
            }
            let before = Self.snapshot(db)
            #expect(before[db + "-wal"] == .some(nil))  // closed cleanly: everything is in the main file
            try await Self.expectFailure(Self.serve(db: db), code: 1,
                                         saying: "written by a newer LivePet (schema 99, this build knows \(Migrations.latestVersion))")
            #expect(Self.snapshot(db) == before)
        }
    }

    @Test func aPathUnderARegularFile() async throws {
        try await withTemporaryDirectory { dir in
            // ENOTDIR: fails even for root, unlike permission bits.
            let file = dir + "/file.txt"
            try writeFile(file, Data("x".utf8))
            try await Self.expectFailure(Self.serve(db: file + "/livepet.sqlite"), code: 1, saying: "Not a directory")
            #expect(try fileBytes(file) == Data("x".utf8))
        }
    }

    @Test func aDatabaseHeldByAnotherServer() async throws {
        try await withTemporaryDirectory { dir in
            let db = dir + "/livepet.sqlite"
            try await SpawnedLivePet.run(Self.serve(db: db)) { first in
                let port = try await first.listeningPort()
                let before = Self.snapshot(db)
                let started = ContinuousClock.now
                try await Self.expectFailure(Self.serve(db: db), code: 1, saying: "in use by another LivePet server")
                #expect(ContinuousClock.now - started < .seconds(3), "the second server should fail fast, not wait for the lock")
                #expect(Self.snapshot(db) == before)
                // The first server never noticed: it still serves and still writes.
                #expect(!first.hasExited)
                let client = try await TestClient.connect(port: port)
                defer { client.close() }
                try await client.create(name: "Alice", password: "sunflower1")
                #expect(try await client.command("adopt Rex dog", until: "You adopt").contains("You adopt Rex"))
            }
        }
    }

    /// Settings that cannot work: exit 2 before anything is opened.
    @Test(arguments: [
        (["--port", "70000"], "--port must be a whole number from 0 to 65535 (got 70000)."),
        (["--tick", "-1"], "--tick must be a number of seconds, at least 0.001 (got -1)."),
        (["--checkpoint", "0"], "--checkpoint must be a number of seconds"),
        (["--motd", "MISSING"], "cannot read the MOTD file"),
        (["--motd", "FOLDER"], "cannot read the MOTD file"),
    ])
    func invalidSettings(_ setting: [String], message: String) async throws {
        try await withTemporaryDirectory { dir in
            let db = dir + "/livepet.sqlite"
            let values = setting.map { $0 == "MISSING" ? dir + "/missing-motd.txt" : $0 == "FOLDER" ? dir : $0 }
            var arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--db", db] + values
            if !values.contains("--motd") { arguments += ["--motd-text", "hi"] }
            try await Self.expectFailure(arguments, code: 2, saying: message)
            #expect(!FileManager.default.fileExists(atPath: db), "a bad setting must fail before the database is created")
        }
    }
}
