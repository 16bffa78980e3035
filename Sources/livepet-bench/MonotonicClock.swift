import Glibc

/// Nanoseconds from CLOCK_MONOTONIC: the one clock for send stamps, receive times and deadlines.
enum MonotonicClock {
    static func nanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    static func nanos(seconds: Double) -> UInt64 {
        UInt64(max(0, seconds) * 1e9)
    }
}
