import CZlib

/// The client's side of MCCP2 for tests: inflates a zlib stream as its bytes arrive and says
/// where it ended (what follows is plain telnet again).
final class Inflater: @unchecked Sendable {
    // @unchecked: used by one owner at a time (a test, or `TestClientState` under its lock).
    struct Failure: Error, CustomStringConvertible { let description: String }

    private let stream: UnsafeMutablePointer<z_stream>
    private(set) var ended = false

    init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        precondition(livepet_inflate_init(stream) == Z_OK)
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Inflates what it can of `bytes`: the output, and how many bytes of input the stream
    /// took (fewer than given once it ended).
    func inflate<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws -> (output: [UInt8], consumed: Int) {
        guard !ended else { return ([], 0) }
        var input = Array(bytes)
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let consumed = try input.withUnsafeMutableBufferPointer { input -> Int in
            stream.pointee.next_in = input.baseAddress
            stream.pointee.avail_in = UInt32(input.count)
            defer { stream.pointee.next_in = nil }
            while true {
                let (result, produced) = chunk.withUnsafeMutableBufferPointer { out -> (Int32, Int) in
                    stream.pointee.next_out = out.baseAddress
                    stream.pointee.avail_out = UInt32(out.count)
                    let result = CZlib.inflate(stream, Z_SYNC_FLUSH)
                    return (result, out.count - Int(stream.pointee.avail_out))
                }
                output += chunk[..<produced]
                if result == Z_STREAM_END {
                    ended = true
                    break
                }
                guard result == Z_OK || result == Z_BUF_ERROR else {
                    throw Failure(description: "inflate failed: \(result)")
                }
                if stream.pointee.avail_in == 0, produced < chunk.count { break }
            }
            return input.count - Int(stream.pointee.avail_in)
        }
        return (output, consumed)
    }
}
