import Foundation
import LivePetNet
import LivePetSupport
import LivePetTelnet

/// The pet world: clock, pets, treats and their persistence.
///
/// `advance()` is one world tick: it touches only pets with visitors. `checkpoint()` writes
/// what changed since the last one in one transaction; on failure the changes stay queued
/// for the next try, so nothing in memory is lost.
public final class World: Sendable {
    public let clock: WorldClock
    public let pets: PetDirectory
    public let treats: TreatBank
    /// Visits and treats waiting for the next checkpoint (owners' login summaries).
    public let events = PetEventLog()
    let store: any WorldStore
    /// At most this many live pets per owner.
    public static let maxLivePets = 20
    /// Adoptions between their check and their insert, per owner.
    let adoptions = PendingCounts()

    /// Benchmarks only (`LIVEPET_BENCH_FULL_CHECKPOINT=1`): every checkpoint rewrites every
    /// pet, to measure the worst case (a million changed pets) under load.
    let rewritesEveryPet = ProcessInfo.processInfo.environment["LIVEPET_BENCH_FULL_CHECKPOINT"] == "1"

    public init(store: any WorldStore, tick: Int64 = 0) {
        self.store = store
        clock = WorldClock(tick: tick)
        let treats = TreatBank()
        self.treats = treats
        pets = PetDirectory(clock: clock, treats: treats)
    }

    /// Loads the world from the store (simulation time resumes where it stopped).
    public static func load(from store: any WorldStore) async throws -> World {
        let started = ContinuousClock.now
        let snapshot = try await store.loadWorld()
        let read = ContinuousClock.now
        // Adoptions are saved at once, checkpoints once a minute: after a crash a pet can be
        // younger than the saved clock. Start the clock no earlier than the last birth.
        let lastBirth = snapshot.pets.lazy.map(\.bornTick).max() ?? 0
        let world = World(store: store, tick: max(snapshot.tick, lastBirth))
        world.pets.load(snapshot.pets, ownerNames: snapshot.ownerNames)
        world.treats.load(snapshot.treats, lastRefill: snapshot.lastRefill)
        let built = ContinuousClock.now
        Logger.shared.debug("world_load_phases", ["read_ms": "\((read - started).milliseconds)", "build_ms": "\((built - read).milliseconds)"])
        return world
    }

    public var now: Int64 { clock.now }

    /// One world tick: every pet with visitors tells its room how it is.
    public func advance() async {
        // Not spread: nothing sleeps, so no clock is read.
        await advance(spreadOver: .zero, timer: SystemClock.shared)
    }

    /// One world tick whose status lines go out in `slices` steps over `spread` rather than
    /// at once. Ten thousand visitors mean ten thousand socket writes; in one burst they
    /// hold up every chat line behind them for tens of milliseconds (the `rooms` benchmark's
    /// p99 went from 1 ms to 10 ms), while a tick line a fraction of a second late is
    /// invisible. Age and hunger are those of the tick whenever the line leaves.
    public func advance(spreadOver spread: Duration, slices: Int = 50, timer: any ServerClock) async {
        let now = clock.advance()
        let targets = pets.tickTargets(now: now)
        let steps = spread > .zero && targets.count > slices ? slices : 1
        let perStep = (targets.count + steps - 1) / max(steps, 1)
        let start = timer.uptimeNanos()
        let spreadNanos = UInt64(max(0, spread.nanoseconds))
        for step in 0..<steps {
            if step > 0 {
                try? await timer.sleep(untilNanos: start + spreadNanos * UInt64(step) / UInt64(steps))
            }
            for target in targets.dropFirst(step * perStep).prefix(perStep) {
                await target.pet.tick(now, life: target.life)
            }
        }
    }

    public enum AdoptError: Error, Equatable, Sendable {
        case invalidName(String)
        case nameTaken
        case tooMany
        case storeFailed
    }

    /// Creates a pet; it is durable before this returns.
    public func adopt(name rawName: String, species: Species, ownerID: Int64, ownerName: String) async throws(AdoptError) -> Pet {
        let name = NameRules.normalizedPetName(rawName)
        if let reason = NameRules.validatePetName(name) { throw .invalidName(reason) }
        // Taken when the name or a look-alike lives or is being adopted; held until saved.
        guard let claim = pets.claimName(name) else { throw .nameTaken }
        defer { pets.release(claim) }
        let now = clock.now
        let live = pets.pets(ownedBy: ownerID).filter { $0.isAlive(at: now) }.count
        // Counted with the adoptions still being saved: two connections of one owner (a
        // takeover) could otherwise both pass the check before either insert lands.
        guard adoptions.reserve(owner: ownerID, live: live, limit: Self.maxLivePets) else { throw .tooMany }
        defer { adoptions.release(owner: ownerID) }
        let record = PetRecord(id: 0, name: name, species: species.rawValue, ownerID: ownerID,
                               bornTick: now, hunger: PetState.startHunger, hungerTick: now)
        let saved: PetRecord
        do {
            saved = try await store.insertPet(record, maxLive: Self.maxLivePets)
        } catch let error as StoreError where error.kind == .nameTaken {
            throw .nameTaken
        } catch let error as StoreError where error.kind == .limitReached {
            throw .tooMany
        } catch {
            Logger.shared.error("adopt_failed", ["error": "\(error)"])
            throw .storeFailed
        }
        // The claim settled races between adoptions of one name or of look-alikes (the
        // store's unique index, on exact names ignoring case, is the backstop).
        return pets.add(saved, ownerName: ownerName)
    }

    /// Fills every hand to 5 treats (every 30 minutes by default); returns who gained.
    /// An account was deleted (the store has deleted its pets, `petIDs`): its pets leave the
    /// directory and their rooms close; its treats, and the events waiting for a checkpoint
    /// about its pets and the treats it gave, are forgotten. Returns the pets, whose visitors
    /// are still to be told.
    public func removeAccount(_ accountID: Int64, petIDs: [Int64]) -> [Pet] {
        treats.forget(accountID)
        events.forget(petIDs: Set(petIDs), accountID: accountID)
        return pets.remove(ids: petIDs)
    }

    @discardableResult
    public func refillTreats(at unixTime: Int64) -> Set<Int64> {
        treats.refillAll(at: unixTime)
    }

    /// Benchmarks only: marks every pet changed before a checkpoint (timed separately, since
    /// no real workload has to ask a million pets for their state at once).
    public func prepareBenchmarkCheckpoint() async -> Bool {
        guard rewritesEveryPet else { return false }
        await pets.markAllDirty()
        return true
    }

    /// Writes everything that changed since the last checkpoint. Returns the tick it wrote
    /// (taken with the rows: the clock may move on while the store writes) and the rows written.
    @discardableResult
    public func checkpoint() async throws -> (tick: Int64, pets: Int, treats: Int) {
        let tick = clock.now
        let rows = pets.takeDirty()
        let treatRows = treats.takeDirty()
        let journal = events.take()
        if journal.dropped > 0 {
            Logger.shared.warning("pet_events_dropped", ["count": "\(journal.dropped)", "limit": "\(PetEventLog.maxPending)"])
        }
        let checkpoint = Checkpoint(tick: tick, pets: rows, treats: treatRows, lastRefill: treats.lastRefill,
                                    events: journal.events, treatsGiven: journal.given)
        do {
            try await store.write(checkpoint)
        } catch {
            pets.restoreDirty(rows)
            treats.restoreDirty(treatRows)
            events.restore(events: journal.events, given: journal.given)
            throw error
        }
        return (tick, rows.count, treatRows.count)
    }
}
