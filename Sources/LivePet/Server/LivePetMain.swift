import Foundation
import Glibc

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
        case .check, .seed:
            printError("livepet: '\(options.command.rawValue)' is not available in this build yet.")
            return 2
        }
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Reads the MOTD from the inline text or the file; fails with a clear line.
    static func loadMOTD(_ config: ServerConfig) throws(ConfigError) -> String {
        if let text = config.motdText { return text.replacingOccurrences(of: "\\n", with: "\n") }
        guard let data = FileManager.default.contents(atPath: config.motdPath) else {
            throw ConfigError("cannot read the MOTD file \(Logger.quoteIfNeeded(config.motdPath)) (set --motd or LIVEPET_MOTD).")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func serve(_ config: ServerConfig) async -> Int32 {
        let motd: String
        do {
            motd = try loadMOTD(config)
        } catch {
            printError("livepet: \(error.message)")
            return 2
        }
        let signals = SignalWaiter()
        let started = ContinuousClock.now
        let store: SQLiteStore
        let world: World
        do {
            store = try await SQLiteStore.open(path: config.databasePath)
            world = try await World.load(from: store)
        } catch {
            printError("livepet: cannot open the database \(Logger.quoteIfNeeded(config.databasePath)): \(error)")
            return 1
        }
        let loaded = ContinuousClock.now - started
        Logger.shared.info("world_loaded", [
            "db": config.databasePath, "pets": "\(world.pets.count)", "tick": "\(world.now)",
            "ms": "\(loaded.components.seconds * 1000 + loaded.components.attoseconds / 1_000_000_000_000_000)",
        ])
        let services = Services(config: config, motd: motd, accounts: store, world: world, hasher: PasswordHasher(cost: config.passwordCost))
        let server: Server
        do {
            server = try Server(config: config, services: services)
            try server.start()
        } catch {
            printError("livepet: cannot start: \(error)")
            return 1
        }
        let number = await signals.wait()
        Logger.shared.info("signal", ["signal": number == SIGINT ? "SIGINT" : "SIGTERM"])
        await server.shutdown()
        await store.close()
        return 0
    }
}
