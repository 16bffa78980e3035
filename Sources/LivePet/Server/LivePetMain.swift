import CLinux
import Foundation
import Glibc
import LivePetNet
import LivePetSession
import LivePetStore
import LivePetSupport
import LivePetWorld

/// The `livepet` program: parses options and runs a subcommand. Kept off the main actor
/// (top-level code in main.swift is main-actor isolated, where every await hops threads).
public enum LivePetMain {
    @concurrent
    public static func run(arguments: [String], environment: [String: String]) async -> Int32 {
        let options: Options
        do {
            options = try Options.parse(arguments, environment: environment)
        } catch {
            printError("livepet: \(error.message)")
            return 2
        }
        Logger.shared.configure(level: options.config.logLevel, format: options.config.logFormat)
        switch options.command {
        case .help:
            print(Options.helpText, terminator: "")
            return 0
        case .serve:
            return await serve(options.config)
        case .seed:
            return await seed(options)
        case .check:
            // Over TLS: the TLS port when one is configured, else the telnet port (it takes TLS too).
            let port = options.checkTLS ? options.config.tlsPort ?? options.config.port : options.config.port
            return await HealthCheck.run(host: options.config.host, port: port, tls: options.checkTLS)
        }
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Reads the MOTD from the inline text or the file; fails with a clear line.
    static func loadMOTD(_ config: ServerConfig) throws(ConfigError) -> String {
        if let text = config.motdText { return text.replacingOccurrences(of: "\\n", with: "\n") }
        guard let data = FileManager.default.contents(atPath: config.motdPath) else {
            if !config.motdPathChosen { return builtInMOTD }
            throw ConfigError("cannot read the MOTD file \(Logger.quoteIfNeeded(config.motdPath)) (set --motd or LIVEPET_MOTD).")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Shown when no motd.txt is in the working directory and none was chosen.
    static let builtInMOTD = """

      Welcome to LivePet: adopt a pet, visit your friends' pets, feed them, give treats and chat.
      New here? Type a name you like, or "guest" to look around first.
      Scripts and auto-login: connect <name> <password>  or  create <name> <password>

    """

    static func serve(_ config: ServerConfig) async -> Int32 {
        let motd: String
        do {
            motd = try loadMOTD(config)
        } catch {
            printError("livepet: \(error.message)")
            return 2
        }
        let signals = SignalWaiter()
        let hangups = SignalWaiter(signals: [SIGHUP])
        var config = config
        let started = ContinuousClock.now
        let store: SQLiteStore
        let world: World
        do {
            store = try await SQLiteStore.open(path: config.databasePath)
            world = try await World.load(from: store)
        } catch {
            // Store errors already name the file.
            printError("livepet: \(error)")
            return 1
        }
        // After the store: an unwritable data folder is reported as such first.
        let tls: TLSContext
        do {
            tls = try makeTLSContext(config)
        } catch {
            printError("livepet: TLS: \(error)")
            await store.close()
            return 1
        }
        config.limits.tls = tls
        let reloads = reloadOnHangup(tls, signals: hangups)
        defer { reloads.cancel() }
        // The snapshot's rows are garbage now; hand their pages back to the system.
        _ = malloc_trim(0)
        let loaded = ContinuousClock.now - started
        Logger.shared.info("world_loaded", [
            "db": config.databasePath, "pets": "\(world.pets.count)", "tick": "\(world.now)",
            "ms": "\(loaded.components.seconds * 1000 + loaded.components.attoseconds / 1_000_000_000_000_000)",
        ])
        let services = Services(config: config, motd: motd, accounts: store, world: world, hasher: PasswordHasher(cost: config.passwordCost))
        do {
            try await services.loadBans()
        } catch {
            printError("livepet: cannot read the bans from \(Logger.quoteIfNeeded(config.databasePath)): \(error)")
            await store.close()
            return 1
        }
        await services.reportConfiguredAdmins()
        let server: Server
        do {
            server = try Server(config: config, services: services)
            try server.start()
        } catch {
            printError("livepet: cannot start: \(error)")
            return 1
        }
        let reason = await waitForShutdown(signals: signals, controller: services.shutdownController)
        if reason == "SIGINT" || reason == "SIGTERM" {
            Logger.shared.info("signal", ["signal": reason])
        } else {
            Logger.shared.info("shutdown_requested", ["by": reason])
        }
        await server.shutdown()
        await store.close()
        return 0
    }

    /// Waits for SIGINT, SIGTERM or an admin's `shutdown`, whichever comes first; both take
    /// the same path out.
    static func waitForShutdown(signals: SignalWaiter, controller: ShutdownController) async -> String {
        await withTaskGroup(of: String?.self) { group in
            group.addTask {
                let number = await signals.wait()
                return Task.isCancelled ? nil : (number == SIGINT ? "SIGINT" : "SIGTERM")
            }
            group.addTask { await controller.wait() }
            var reason = "unknown"
            for await next in group {
                if let next {
                    reason = next
                    break
                }
            }
            group.cancelAll()
            return reason
        }
    }

    /// The password every seeded account shares (seeded worlds are for benchmarks).
    public static let seedPassword = "livepet-seed"

    static func seed(_ options: Options) async -> Int32 {
        let config = options.config
        do {
            let store = try await SQLiteStore.open(path: config.databasePath)
            let existing = try await store.loadWorld()
            guard existing.pets.isEmpty, existing.ownerNames.isEmpty else {
                printError("livepet: seed fills a new database, and \(Logger.quoteIfNeeded(config.databasePath)) already has accounts or pets.")
                await store.close()
                return 2
            }
            let hash = try await PasswordHasher(cost: config.passwordCost).hash(seedPassword)
            let started = ContinuousClock.now
            try await store.seed(
                pets: options.seedPets, users: options.seedUsers, tick: 12_000, passwordHash: hash,
                createdAt: Int64(Date().timeIntervalSince1970)
            ) { done, total in
                printError("seeded \(done) of \(total) rows")
            }
            await store.close()
            let elapsed = ContinuousClock.now - started
            print("Seeded \(options.seedUsers) accounts (user<N>, password \(seedPassword)) and \(options.seedPets) pets into \(config.databasePath) in \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow))).")
            return 0
        } catch {
            printError("livepet: seed failed: \(error)")
            return 1
        }
    }
}
