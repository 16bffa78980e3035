import LivePetNet
import LivePetSupport
import LivePetTelnet

/// A pet's life in closed form: nothing runs per pet between events.
///
/// Each world tick a live pet ages by 1 and gets 5 hungrier (capped at 500); it dies when
/// its age passes 10,000. Age depends only on the tick (`now - bornTick`), and hunger only
/// on the last time it was set, so the state at any tick is computed the moment someone
/// looks. Feeding or a treat re-bases hunger at the current tick.
public struct PetState: Sendable, Equatable {
    public static let maxHunger = 500
    public static let hungerPerTick = 5
    public static let startHunger = 250
    /// A pet dies when its age passes this many ticks.
    public static let lifespan: Int64 = 10_000
    public static let feedAmount = 100
    public static let treatAmount = 20

    public let bornTick: Int64
    public private(set) var hunger: Int
    public private(set) var hungerTick: Int64

    public init(bornTick: Int64, hunger: Int = PetState.startHunger, hungerTick: Int64? = nil) {
        self.bornTick = bornTick
        self.hunger = min(max(hunger, 0), Self.maxHunger)
        self.hungerTick = hungerTick ?? bornTick
    }

    /// The tick at which the pet dies: the tick its age becomes 10,001.
    public var deathTick: Int64 { bornTick + Self.lifespan + 1 }

    public func isAlive(at tick: Int64) -> Bool { tick < deathTick }

    /// Age in ticks; frozen once dead.
    public func age(at tick: Int64) -> Int64 {
        max(0, min(tick, deathTick) - bornTick)
    }

    public func hunger(at tick: Int64) -> Int {
        let elapsed = max(0, min(tick, deathTick) - hungerTick)
        let grown = Int64(hunger) + elapsed * Int64(Self.hungerPerTick)
        return Int(min(grown, Int64(Self.maxHunger)))
    }

    /// 0–5 hearts: ceil((500 − hunger) / 100).
    public func hearts(at tick: Int64) -> Int {
        Self.hearts(hunger: hunger(at: tick))
    }

    public static func hearts(hunger: Int) -> Int {
        (maxHunger - hunger + 99) / 100
    }

    /// Takes `amount` off hunger (floor 0). Returns false for a dead pet.
    @discardableResult
    public mutating func reduceHunger(by amount: Int, at tick: Int64) -> Bool {
        guard isAlive(at: tick) else { return false }
        hunger = max(0, hunger(at: tick) - amount)
        hungerTick = tick
        return true
    }

    public static func mood(hunger: Int, alive: Bool) -> String {
        guard alive else { return "at peace" }
        switch hunger {
        case ..<100: return "overjoyed"
        case ..<200: return "happy"
        case ..<300: return "content"
        case ..<400: return "hungry"
        case ..<500: return "starving"
        default: return "desperate for food"
        }
    }

    /// "♥♥♥♡♡", or "3 of 5 hearts" for screen readers.
    public static func heartsText(_ hearts: Int, plain: Bool = false) -> String {
        if plain { return "\(hearts) of 5 hearts" }
        return String(repeating: "♥", count: hearts) + String(repeating: "♡", count: max(0, 5 - hearts))
    }
}
