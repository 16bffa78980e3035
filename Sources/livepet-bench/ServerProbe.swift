import Glibc

/// Reads a server's resident memory and CPU time from /proc, and the bench's own CPU
/// time, so results say what each line cost the server rather than only how fast it went.
struct ServerProbe {
    let pid: Int32?

    struct Sample {
        var wallNanos: UInt64
        var serverCPUMicros: UInt64?
        var serverRSSKiB: UInt64?
        var benchCPUMicros: UInt64
    }

    func sample() -> Sample {
        Sample(wallNanos: MonotonicClock.nanos(), serverCPUMicros: cpuMicros(), serverRSSKiB: rssKiB(),
               benchCPUMicros: Self.ownCPUMicros())
    }

    /// VmRSS from /proc/<pid>/status.
    func rssKiB() -> UInt64? {
        guard let pid, let text = Self.read("/proc/\(pid)/status") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return line.split(separator: " ").dropFirst().first.flatMap { UInt64($0) }
        }
        return nil
    }

    /// utime + stime from /proc/<pid>/stat, in microseconds (clock-tick resolution).
    func cpuMicros() -> UInt64? {
        guard let pid, let text = Self.read("/proc/\(pid)/stat"),
              let close = text.lastIndex(of: ")") else { return nil }
        // Fields after the command name start at field 3 (state); utime is 14, stime 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = UInt64(fields[11]), let system = UInt64(fields[12]) else { return nil }
        let ticks = UInt64(max(sysconf(Int32(_SC_CLK_TCK)), 1))
        return (user + system) * 1_000_000 / ticks
    }

    static func ownCPUMicros() -> UInt64 {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        func micros(_ t: timeval) -> UInt64 { UInt64(t.tv_sec) * 1_000_000 + UInt64(t.tv_usec) }
        return micros(usage.ru_utime) + micros(usage.ru_stime)
    }

    static func read(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// CPU used between two samples.
struct CPUWindow {
    let seconds: Double
    let serverCPUSeconds: Double?
    let benchCPUSeconds: Double

    init(from start: ServerProbe.Sample, to end: ServerProbe.Sample) {
        seconds = Double(end.wallNanos - start.wallNanos) / 1e9
        if let a = start.serverCPUMicros, let b = end.serverCPUMicros {
            serverCPUSeconds = Double(b - a) / 1e6
        } else {
            serverCPUSeconds = nil
        }
        benchCPUSeconds = Double(end.benchCPUMicros - start.benchCPUMicros) / 1e6
    }

    /// Percent of one core.
    var serverPercent: Double? { serverCPUSeconds.map { seconds > 0 ? $0 / seconds * 100 : 0 } }
    var benchPercent: Double { seconds > 0 ? benchCPUSeconds / seconds * 100 : 0 }
}
