/// Whole nanoseconds and milliseconds of a `Duration` (timers, limits, log fields).
extension Duration {
    package var milliseconds: Int64 { nanoseconds / 1_000_000 }

    package var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
