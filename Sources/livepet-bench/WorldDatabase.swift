import Foundation
import Glibc

/// The seeded world the server-spawning scenarios start from: `DIR/big.sqlite` (a million
/// pets; `big-N.sqlite` for another --pets, so sizes never mix), made once with
/// `livepet seed` and reused. Each run gets a fresh copy, since a server changes its file.
struct WorldDatabase {
    let options: BenchOptions
    let directory: String
    let path: String

    /// How the world file came to be, for the report.
    struct Seeding {
        var seeded = false
        var seconds: Double?
        var fileBytes = 0
    }

    init(options: BenchOptions) {
        self.options = options
        directory = options.workDirectory
        path = directory + (options.pets == 1_000_000 ? "/big.sqlite" : "/big-\(options.pets).sqlite")
    }

    /// Seeds the world if its file is missing. Seeding writes to a side file renamed only
    /// on success, so an interrupted seed is never mistaken for a world.
    func prepare() throws(BenchError) -> Seeding {
        try makeDirectory()
        var seeding = Seeding()
        if !Self.exists(path) {
            let partial = path + ".partial"
            Self.remove(partial)
            BenchMain.log("seeding \(options.pets) pets into \(path)")
            let users = min(10_000, options.pets)
            let started = MonotonicClock.nanos()
            let seed = try ChildProcess(executable: options.serverBinary,
                                        arguments: ["seed", "--pets", "\(options.pets)", "--users", "\(users)",
                                                    "--db", partial, "--password-cost", "1"],
                                        logPath: directory + "/seed.log")
            defer { seed.stop() }
            guard seed.wait(seconds: 600) else { throw BenchError("seed did not finish in 600 s: \(seed.logTail())") }
            seeding.seconds = Double(MonotonicClock.nanos() - started) / 1e9
            guard seed.exitedCleanly else { throw BenchError("seed failed (\(seed.exitDescription)):\n\(seed.logTail())") }
            guard rename(partial, path) == 0 else { throw BenchError.system("rename \(partial)") }
            Self.remove(partial + ".lock")
            seeding.seeded = true
        }
        seeding.fileBytes = Self.size(path)
        return seeding
    }

    /// A fresh copy of the world for one server run (its WAL and lock files cleared too).
    func runCopy(named name: String = "run.sqlite") throws(BenchError) -> String {
        let copy = directory + "/" + name
        for suffix in ["", "-wal", "-shm", ".lock"] { Self.remove(copy + suffix) }
        do {
            try FileManager.default.copyItem(atPath: path, toPath: copy)
        } catch {
            throw BenchError("cannot copy \(path) to \(copy): \(error)")
        }
        return copy
    }

    private func makeDirectory() throws(BenchError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw BenchError("cannot create --work \(directory): \(error)")
        }
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func remove(_ path: String) { unlink(path) }

    static func size(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }
}
