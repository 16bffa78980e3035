import Glibc
import LivePetSupport
import LivePetTelnet

/// What per-address limits and bans count by: an IPv4 address as is, an IPv6 address by its
/// /64 (a subscriber gets a whole /64 and could otherwise rotate addresses at will).
package enum AddressKey {
    /// The key for a peer address as `Socket.describe` writes it.
    package static func make(_ address: String) -> String {
        guard address.contains(":"), let bytes = ipv6Bytes(address) else { return address }
        var prefix = [UInt8](bytes.prefix(8))
        prefix.append(contentsOf: repeatElement(0, count: 8))
        return (format(prefix) ?? address) + "/64"
    }

    /// The canonical text of an IPv4 or IPv6 address (or an IPv6 /64 as `make` writes it),
    /// or nil when `text` is not one. Used to tell an address from a name in `ban`.
    package static func canonical(_ text: String) -> String? {
        if text.hasSuffix("/64"), let bytes = ipv6Bytes(String(text.dropLast(3))) {
            var prefix = [UInt8](bytes.prefix(8))
            prefix.append(contentsOf: repeatElement(0, count: 8))
            return format(prefix).map { $0 + "/64" }
        }
        if text.contains(":") {
            guard let bytes = ipv6Bytes(text) else { return nil }
            let formatted = format(bytes)
            // IPv4-mapped addresses are what IPv4 clients look like on a dual-stack socket.
            if let formatted, formatted.hasPrefix("::ffff:"), formatted.contains(".") { return String(formatted.dropFirst(7)) }
            return formatted
        }
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN) + 1)
        guard inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func ipv6Bytes(_ text: String) -> [UInt8]? {
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    private static func format(_ bytes: [UInt8]) -> String? {
        var address = in6_addr()
        withUnsafeMutableBytes(of: &address) { raw in
            for (index, byte) in bytes.enumerated() where index < raw.count { raw[index] = byte }
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        guard inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
