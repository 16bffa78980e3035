@testable import LivePetSupport
@testable import LivePetTelnet

/// The fuzz tests' generator: the library's SplitMix64, so every run replays identically.
typealias TelnetTestRandom = SplitMix64
