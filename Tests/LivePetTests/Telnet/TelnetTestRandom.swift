@testable import LivePet
@testable import LivePetNet
@testable import LivePetSession
@testable import LivePetStore
@testable import LivePetSupport
@testable import LivePetTelnet
@testable import LivePetWorld
@testable import LivePetNet
@testable import LivePetSession
@testable import LivePetStore
@testable import LivePetSupport
@testable import LivePetTelnet
@testable import LivePetWorld

/// The fuzz tests' generator: the library's SplitMix64, so every run replays identically.
typealias TelnetTestRandom = SplitMix64
