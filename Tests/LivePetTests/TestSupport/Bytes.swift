import Glibc

extension Array where Element == UInt8 {
    /// Where `needle` first occurs at or after `start`. memchr and memcmp, because the generic
    /// search is slow in debug builds and the flood tests search a lot of text.
    func index(of needle: [UInt8], from start: Int = 0) -> Int? {
        guard start >= 0, needle.count <= count - start else { return nil }
        guard let first = needle.first else { return start }
        return withUnsafeBytes { haystack in
            needle.withUnsafeBytes { needle in
                let base = haystack.baseAddress!
                let last = haystack.count - needle.count
                var position = start
                while position <= last {
                    guard let hit = memchr(base + position, Int32(first), last - position + 1) else { return nil }
                    let at = UnsafeRawPointer(hit) - base
                    if memcmp(base + at, needle.baseAddress!, needle.count) == 0 { return at }
                    position = at + 1
                }
                return nil
            }
        }
    }

    func occurrences(of needle: [UInt8]) -> Int {
        var count = 0
        var start = 0
        while let at = index(of: needle, from: start) {
            count += 1
            start = at + needle.count
        }
        return count
    }

    func lastIndex(of needle: [UInt8]) -> Int? {
        var last: Int?
        var start = 0
        while let at = index(of: needle, from: start) {
            last = at
            start = at + 1
        }
        return last
    }
}

extension Collection where Element == UInt8 {
    /// The bytes as text, for failure messages.
    var debugText: String { String(decoding: self, as: UTF8.self).debugDescription }
}
