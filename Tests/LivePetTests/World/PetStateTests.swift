import Testing
@testable import LivePetSupport
@testable import LivePetWorld

/// The closed form must agree with the original's tick-by-tick rules.
@Suite struct PetStateTests {
    /// The original rules, one tick at a time.
    struct Stepwise {
        var age: Int64 = 0
        var hunger = PetState.startHunger
        var alive = true

        mutating func tick() {
            guard alive else { return }
            age += 1
            hunger = min(hunger + PetState.hungerPerTick, PetState.maxHunger)
            if age > PetState.lifespan { alive = false }
        }

        mutating func reduce(_ amount: Int) {
            guard alive else { return }
            hunger = max(0, hunger - amount)
        }
    }

    @Test func closedFormMatchesStepwiseSimulationThroughDeath() {
        var state = PetState(bornTick: 100)
        var reference = Stepwise()
        var random = SplitMix64(seed: 7)
        for tick in Int64(101)...Int64(100 + 10_050) {
            reference.tick()
            // Feed or treat now and then, as players would.
            switch random.next() % 50 {
            case 0:
                reference.reduce(PetState.feedAmount)
                let changed = state.reduceHunger(by: PetState.feedAmount, at: tick)
                #expect(changed == reference.alive)
            case 1:
                reference.reduce(PetState.treatAmount)
                let changed = state.reduceHunger(by: PetState.treatAmount, at: tick)
                #expect(changed == reference.alive)
            default:
                break
            }
            #expect(state.age(at: tick) == reference.age)
            #expect(state.hunger(at: tick) == reference.hunger)
            #expect(state.isAlive(at: tick) == reference.alive)
        }
    }

    @Test func hungerIsCappedAt500() {
        let state = PetState(bornTick: 0)
        #expect(state.hunger(at: 49) == 495)
        #expect(state.hunger(at: 50) == 500)
        #expect(state.hunger(at: 5_000) == 500)
    }

    @Test func feedAndTreatFloorAtZero() {
        var state = PetState(bornTick: 0, hunger: 30)
        let treated = state.reduceHunger(by: PetState.treatAmount, at: 0)
        #expect(treated)
        #expect(state.hunger(at: 0) == 10)
        let fed = state.reduceHunger(by: PetState.feedAmount, at: 0)
        #expect(fed)
        #expect(state.hunger(at: 0) == 0)
        #expect(state.hunger(at: 1) == 5)
    }

    @Test func diesWhenAgePasses10000AndNeverChangesAgain() {
        var state = PetState(bornTick: 0)
        #expect(state.isAlive(at: 10_000))
        #expect(!state.isAlive(at: 10_001))
        #expect(state.age(at: 10_001) == 10_001)
        #expect(state.age(at: 99_999) == 10_001)
        let hungerAtDeath = state.hunger(at: 10_001)
        #expect(state.hunger(at: 50_000) == hungerAtDeath)
        let fedDead = state.reduceHunger(by: PetState.feedAmount, at: 10_002)
        #expect(!fedDead)
        #expect(state.hunger(at: 10_002) == hungerAtDeath)
    }

    @Test(arguments: [(0, 5), (1, 5), (100, 4), (101, 4), (250, 3), (400, 1), (401, 1), (499, 1), (500, 0)])
    func heartsAreCeilingOfRemainingOver100(hunger: Int, hearts: Int) {
        let state = PetState(bornTick: 0, hunger: hunger)
        #expect(state.hearts(at: 0) == hearts)
    }

    @Test func heartsTextPlainAndPicture() {
        #expect(PetState.heartsText(3) == "♥♥♥♡♡")
        #expect(PetState.heartsText(0, plain: true) == "0 of 5 hearts")
    }
}

