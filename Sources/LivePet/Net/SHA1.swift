/// SHA-1 (FIPS 180-4), here for one purpose only: the WebSocket handshake's
/// `Sec-WebSocket-Accept` value (RFC 6455 section 4.2.2). SHA-1 is broken for collision
/// resistance; nothing here relies on it for security, and nothing else should use it.
package struct SHA1 {
    private var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
    /// Bytes not yet hashed: always fewer than a block.
    private var pending: [UInt8] = []
    /// Message length so far, in bytes.
    private var length: UInt64 = 0

    package init() {}

    /// The 20-byte digest of `bytes`.
    package static func hash<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        var sha = SHA1()
        sha.update(bytes)
        return sha.finish()
    }

    package mutating func update<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        let bytes = Array(bytes)
        length &+= UInt64(bytes.count)
        var index = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending += bytes[0..<take]
            index = take
            guard pending.count == 64 else { return }
            compress(pending[...])
            pending.removeAll(keepingCapacity: true)
        }
        while bytes.count - index >= 64 {
            compress(bytes[index..<index + 64])
            index += 64
        }
        pending += bytes[index...]
    }

    /// Pads the message and returns the digest; the hasher is spent afterwards.
    package mutating func finish() -> [UInt8] {
        let bitLength = length &* 8
        var tail: [UInt8] = [0x80]
        let padding = (64 + 56 - (pending.count + 1) % 64) % 64
        tail += repeatElement(0, count: padding)
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        let message = pending + tail
        for start in stride(from: 0, to: message.count, by: 64) {
            compress(message[start..<start + 64])
        }
        pending.removeAll()
        var digest: [UInt8] = []
        digest.reserveCapacity(20)
        for word in h {
            digest += [UInt8(word >> 24), UInt8(truncatingIfNeeded: word >> 16),
                       UInt8(truncatingIfNeeded: word >> 8), UInt8(truncatingIfNeeded: word)]
        }
        return digest
    }

    /// One 64-byte block (FIPS 180-4 section 6.1.2).
    private mutating func compress(_ block: ArraySlice<UInt8>) {
        var w = [UInt32](repeating: 0, count: 80)
        var at = block.startIndex
        for t in 0..<16 {
            w[t] = UInt32(block[at]) << 24 | UInt32(block[at + 1]) << 16 | UInt32(block[at + 2]) << 8 | UInt32(block[at + 3])
            at += 4
        }
        for t in 16..<80 {
            w[t] = rotate(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1)
        }
        var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
        for t in 0..<80 {
            let f: UInt32
            let k: UInt32
            switch t {
            case 0..<20: f = (b & c) | (~b & d); k = 0x5A82_7999
            case 20..<40: f = b ^ c ^ d; k = 0x6ED9_EBA1
            case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1B_BCDC
            default: f = b ^ c ^ d; k = 0xCA62_C1D6
            }
            let temp = rotate(a, 5) &+ f &+ e &+ k &+ w[t]
            (e, d, c, b, a) = (d, c, rotate(b, 30), a, temp)
        }
        h[0] &+= a
        h[1] &+= b
        h[2] &+= c
        h[3] &+= d
        h[4] &+= e
    }

    private func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 {
        x << n | x >> (32 - n)
    }
}
