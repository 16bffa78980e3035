import LivePetNet
import LivePetSupport
import LivePetTelnet

/// The key that makes account and pet names unique ignoring case.
/// Both stores use it, so they agree on what "the same name" means.
package enum NameKey {
    package static func make(_ name: String) -> String {
        name.lowercased()
    }
}
