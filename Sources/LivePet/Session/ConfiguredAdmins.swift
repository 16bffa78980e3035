import Foundation
import LivePetNet
import LivePetStore
import LivePetSupport
import LivePetTelnet
import LivePetWorld

/// The characters named by `--admins` / `LIVEPET_ADMINS`: admins whatever the database says,
/// and above promoted admins (they cannot kick, ban or demote them; address bans skip them).
///
/// Configuration names characters, and a name is only as safe as the account behind it. A
/// configured name with no account yet is reserved: nobody can create it over the network
/// without the one-time setup code the server writes to its log at start (`create <name>
/// <password> <code>`), so an attacker cannot claim the rights by registering the name
/// first. The codes are random for each start and die with the process.
final class ConfiguredAdmins: Sendable {
    /// Name keys.
    let names: Set<String>
    private let codes: [String: String]

    init(names: Set<String>) {
        self.names = names
        var codes: [String: String] = [:]
        for name in names { codes[name] = Self.makeCode() }
        self.codes = codes
    }

    func contains(_ name: String) -> Bool {
        names.contains(NameKey.make(name))
    }

    /// The setup code that lets `name` be created (only the log shows it).
    func setupCode(for name: String) -> String? {
        codes[NameKey.make(name)]
    }

    /// Whether `code` is `name`'s setup code (compared in constant time).
    func accepts(_ code: String, for name: String) -> Bool {
        guard let expected = codes[NameKey.make(name)] else { return false }
        // Dashes and case are how the code is shown, not part of it.
        let given = Array(code.uppercased().utf8.filter { $0 != UInt8(ascii: "-") })
        let wanted = Array(expected.utf8.filter { $0 != UInt8(ascii: "-") })
        guard given.count == wanted.count else { return false }
        var difference: UInt8 = 0
        for index in wanted.indices { difference |= given[index] ^ wanted[index] }
        return difference == 0
    }

    /// 16 characters from an alphabet without look-alikes (80 bits), in groups of four.
    static func makeCode() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<16).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] }
        return stride(from: 0, to: 16, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
    }
}
