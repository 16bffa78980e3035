import CZlib

/// gzip (RFC 1952) for the web's static resources: zlib's deflate with windowBits 31 (a gzip
/// header and trailer), level 9, in one call. The server compresses each resource once, when
/// it first builds its table (`WebResource`), never per request.
package enum Gzip {
    /// `bytes` compressed as one gzip member, or nil if zlib failed.
    package static func compress(_ bytes: [UInt8]) -> [UInt8]? {
        // zlib's state points back at its z_stream: it must not move, so it is allocated.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let allocated = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        allocated.initialize(to: 0)
        defer {
            stream.deallocate()
            allocated.deallocate()
        }
        guard livepet_deflate_init2(stream, 9, 31, 8, allocated) == Z_OK else { return nil }
        defer { deflateEnd(stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, UInt(bytes.count))) + 32)
        var input = bytes
        let result = input.withUnsafeMutableBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out -> Int32 in
                stream.pointee.next_in = input.baseAddress
                stream.pointee.avail_in = UInt32(input.count)
                stream.pointee.next_out = out.baseAddress
                stream.pointee.avail_out = UInt32(out.count)
                return deflate(stream, Z_FINISH)
            }
        }
        guard result == Z_STREAM_END else { return nil }
        output.removeSubrange(Int(stream.pointee.total_out)...)
        return output
    }
}
