import CLinux
import Foundation
import LivePetNet
import LivePetSession
import LivePetStore
import LivePetSupport
import LivePetWorld

/// The server's periodic chores that no single session owns: loading the bans if nobody did,
/// letting link-dead characters fade away after their grace, and forgetting per-address
/// history that has run out (so a flood from many addresses leaves no lasting state).
extension Server {
    static func startHousekeeping(_ services: Services) -> Task<Void, Never> {
        let grace = services.config.abuse.linkDeadGrace
        // Often enough that a short grace (tests) is honoured closely; at most once a second.
        let interval: Duration = grace > .zero ? min(.seconds(1), max(.milliseconds(20), grace / 4)) : .seconds(1)
        return Task {
            if !services.bans.isLoaded {
                do {
                    try await services.loadBans()
                } catch {
                    Logger.shared.error("bans_load_failed", ["error": "\(error)"])
                }
            }
            let clock = services.clock
            var lastPrune = clock.uptimeNanos()
            while !Task.isCancelled {
                do { try await clock.sleep(for: interval) } catch { return }
                if grace > .zero { await expireLinkDead(services, grace: grace) }
                if clock.elapsed(since: lastPrune) >= .seconds(30) {
                    lastPrune = clock.uptimeNanos()
                    services.gate.prune()
                    services.loginGuard.prune()
                    services.bans.pruneExpired(now: clock.unixSeconds())
                    // A connection storm leaves freed memory scattered between live objects;
                    // glibc gives whole free pages back only when asked.
                    _ = malloc_trim(0)
                }
            }
        }
    }

    static func expireLinkDead(_ services: Services, grace: Duration) async {
        let expired = await services.presence.expireLinkDead(grace: grace, now: services.clock.uptimeNanos())
        for entry in expired {
            Logger.shared.info("logout", ["name": entry.name, "ip": entry.connection.peerAddress, "reason": "link_dead_expired"])
            await entry.place.leave(entry.sessionID, announce: "\(entry.name) fades away.\n")
            if let accountID = entry.accountID { await Session.recordLastSeen(services, accountID: accountID) }
        }
    }
}
