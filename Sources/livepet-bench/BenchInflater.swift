import CZlib

/// A bench client's side of MCCP2: inflates the server's zlib stream as it arrives.
final class BenchInflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var chunk = [UInt8](repeating: 0, count: 64 * 1024)

    init?() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard livepet_inflate_init(stream) == Z_OK else {
            stream.deallocate()
            return nil
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Appends what `bytes` inflate to; false on a corrupt stream. (The bench never sends
    /// DONT, so the stream ends only with the connection.)
    func inflate(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(bytes.count)
        defer { stream.pointee.next_in = nil }
        while true {
            let (result, produced) = chunk.withUnsafeMutableBufferPointer { buffer -> (Int32, Int) in
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = UInt32(buffer.count)
                let result = CZlib.inflate(stream, Z_SYNC_FLUSH)
                return (result, buffer.count - Int(stream.pointee.avail_out))
            }
            out.append(contentsOf: chunk[..<produced])
            if result == Z_STREAM_END { return true }
            guard result == Z_OK || result == Z_BUF_ERROR else { return false }
            if stream.pointee.avail_in == 0, produced < chunk.count { return true }
        }
    }
}
