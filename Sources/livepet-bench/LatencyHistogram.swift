/// Log-linear histogram of microseconds (32 sub-buckets per power of two, about 3%
/// precision) so millions of samples cost a fixed 16 KB; the maximum is kept exactly.
struct LatencyHistogram {
    private var counts = [UInt64](repeating: 0, count: 2048)
    private(set) var total: UInt64 = 0
    private(set) var maxMicros: UInt64 = 0

    mutating func record(nanos: UInt64) {
        let micros = nanos / 1000
        counts[Self.bucket(micros)] += 1
        total += 1
        if micros > maxMicros { maxMicros = micros }
    }

    mutating func merge(_ other: LatencyHistogram) {
        for i in counts.indices { counts[i] += other.counts[i] }
        total += other.total
        maxMicros = max(maxMicros, other.maxMicros)
    }

    /// The value at quantile `q` (0...1) in milliseconds; nil without samples.
    func percentileMillis(_ q: Double) -> Double? {
        guard total > 0 else { return nil }
        let rank = UInt64((Double(total) * q).rounded(.up))
        var seen: UInt64 = 0
        for (index, count) in counts.enumerated() where count > 0 {
            seen += count
            if seen >= max(rank, 1) {
                return min(Double(Self.midpoint(index)), Double(maxMicros)) / 1000
            }
        }
        return Double(maxMicros) / 1000
    }

    var maxMillis: Double? { total > 0 ? Double(maxMicros) / 1000 : nil }

    static func bucket(_ value: UInt64) -> Int {
        guard value >= 64 else { return Int(value) }
        let msb = 63 - value.leadingZeroBitCount
        let shift = msb - 5
        let top = Int(value >> UInt64(shift))  // 32...63
        return 64 + (shift - 1) * 32 + (top - 32)
    }

    static func midpoint(_ index: Int) -> UInt64 {
        guard index >= 64 else { return UInt64(index) }
        let shift = (index - 64) / 32 + 1
        let top = UInt64((index - 64) % 32 + 32)
        return (top << UInt64(shift)) + (UInt64(1) << UInt64(shift)) / 2
    }
}
