import Glibc

/// A received line without its line end, valid only during the callback that gets it.
struct ByteLine {
    let bytes: UnsafeRawBufferPointer

    var count: Int { bytes.count }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    func hasPrefix(_ prefix: StaticString) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard bytes.count >= length, let base = bytes.baseAddress else { return false }
        return memcmp(base, prefix.utf8Start, length) == 0
    }

    /// Offset of the first occurrence of `needle`, searching from `from`.
    func firstRange(of needle: StaticString, from: Int = 0) -> Int? {
        let length = needle.utf8CodeUnitCount
        guard length > 0, bytes.count - from >= length, let base = bytes.baseAddress else { return nil }
        let first = Int32(needle.utf8Start.pointee)
        var offset = from
        while offset + length <= bytes.count {
            guard let hit = memchr(base + offset, first, bytes.count - length + 1 - offset) else { return nil }
            let position = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + position, needle.utf8Start, length) == 0 { return position }
            offset = position + 1
        }
        return nil
    }

    func contains(_ needle: StaticString) -> Bool {
        firstRange(of: needle) != nil
    }

    /// The space-separated word at `index` (0-based), as a string.
    func word(_ index: Int) -> Substring? {
        string.split(separator: " ", maxSplits: index + 1, omittingEmptySubsequences: true).dropFirst(index).first
    }

    /// Parses an unsigned decimal at `offset`; returns it and the offset after it.
    func number(at offset: Int) -> (value: UInt64, end: Int)? {
        var value: UInt64 = 0
        var position = offset
        while position < bytes.count {
            let byte = bytes[position]
            guard byte >= 48, byte <= 57 else { break }
            value = value &* 10 &+ UInt64(byte - 48)
            position += 1
        }
        return position > offset ? (value, position) : nil
    }
}
