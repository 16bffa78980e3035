import Glibc

/// The reverse proxies whose `X-Forwarded-For` is believed (`--trusted-proxies`): addresses
/// and CIDR blocks, IPv4 and IPv6. A connection from one of them that upgrades to WebSocket
/// takes its client's address from the header: the right-most address in it that is not
/// itself a trusted proxy (each proxy appends the address it saw, so everything to the left of
/// the first untrusted hop was written by the client and proves nothing). From anyone else the
/// header is ignored.
public struct TrustedProxies: Sendable, Equatable, CustomStringConvertible {
    /// One block: 16 bytes (IPv4 as IPv4-mapped IPv6) and the prefix length over them.
    struct Block: Sendable, Equatable {
        var bytes: [UInt8]
        var prefix: Int

        func contains(_ address: [UInt8]) -> Bool {
            var bits = prefix
            for index in 0..<16 where bits > 0 {
                let mask: UInt8 = bits >= 8 ? 0xFF : ~(0xFF >> UInt8(bits))
                if address[index] & mask != bytes[index] & mask { return false }
                bits -= 8
            }
            return true
        }
    }

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    private(set) var blocks: [Block] = []
    /// The list as given, for logs and `--help`.
    public let description: String

    public init() {
        description = ""
    }

    /// Parses a comma-separated list ("10.0.0.1, 192.168.0.0/16, ::1, fd00::/8"); throws with
    /// a sentence naming the entry that is neither an address nor a block.
    public init(parsing list: String) throws {
        var blocks: [Block] = []
        for entry in list.split(separator: ",") {
            let text = entry.trimmingCharacters(in: " \t")
            guard !text.isEmpty else { continue }
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let bytes = Self.addressBytes(String(parts[0])) else {
                throw ParseError(description: "\"\(text)\" is not an IPv4 or IPv6 address or CIDR block")
            }
            let isIPv4 = !parts[0].contains(":")
            let width = isIPv4 ? 32 : 128
            var prefix = width
            if parts.count == 2 {
                guard let bits = Int(parts[1]), (0...width).contains(bits), parts[1].allSatisfy(\.isASCII) else {
                    throw ParseError(description: "\"\(text)\" has a prefix length that is not 0 to \(width)")
                }
                prefix = bits
            }
            blocks.append(Block(bytes: bytes, prefix: isIPv4 ? prefix + 96 : prefix))
        }
        self.blocks = blocks
        description = blocks.isEmpty ? "" : list
    }

    public var isEmpty: Bool { blocks.isEmpty }

    /// Whether `address` (as `Socket.describe` or a forwarded header writes it) is a trusted proxy.
    public func contains(_ address: String) -> Bool {
        guard !blocks.isEmpty, let bytes = Self.addressBytes(address) else { return false }
        return blocks.contains { $0.contains(bytes) }
    }

    /// The client's address from the `X-Forwarded-For` fields of a request that came from a
    /// trusted proxy, canonical: walking from the right, the first address that is not a
    /// trusted proxy; if every one is, the left-most. An entry that is not an address stops
    /// the walk at the trusted hop after it (a proxy wrote it, so the hop is all we know).
    /// Nil when the fields hold no address: the proxy itself is the client.
    public func client(forwardedFor values: [String]) -> String? {
        let hops = values.flatMap { $0.split(separator: ",") }.reversed()
        var nearest: String?
        for hop in hops.prefix(64) {
            guard let address = Self.forwardedAddress(hop.trimmingCharacters(in: " \t")) else { return nearest }
            if !contains(address) { return address }
            nearest = address
        }
        return nearest
    }

    /// Whether `address` is a loopback address (127.0.0.0/8, ::1).
    public static func isLoopback(_ address: String) -> Bool {
        guard let bytes = addressBytes(address) else { return false }
        return loopback.contains { $0.contains(bytes) }
    }

    private static let loopback = [Block(bytes: addressBytes("127.0.0.0")!, prefix: 104),
                                   Block(bytes: addressBytes("::1")!, prefix: 128)]

    /// One `X-Forwarded-For` element: an address, IPv6 possibly in brackets, possibly with a
    /// port; canonical text (`AddressKey.canonical`), or nil.
    static func forwardedAddress(_ text: String) -> String? {
        var text = Substring(text)
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            text = text[text.index(after: text.startIndex)..<close]
        } else if text.filter({ $0 == ":" }).count == 1 {
            text = text[..<text.firstIndex(of: ":")!]
        }
        guard !text.isEmpty, text.count <= 45 else { return nil }
        return AddressKey.canonical(String(text)).flatMap { $0.hasSuffix("/64") ? nil : $0 }
    }

    /// 16 bytes: IPv6 as is, IPv4 mapped (::ffff:a.b.c.d).
    static func addressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return Array(repeating: 0, count: 10) + [0xFF, 0xFF] + withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        return withUnsafeBytes(of: &v6) { Array($0) }
    }
}


extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        Substring(self).trimmingCharacters(in: set)
    }
}
