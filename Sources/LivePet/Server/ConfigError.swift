import LivePetNet
import LivePetSession
import LivePetStore
import LivePetSupport
import LivePetWorld

/// A bad flag or variable: one clear line, exit code 2.
public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
