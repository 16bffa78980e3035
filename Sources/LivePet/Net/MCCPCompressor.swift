import CZlib

/// One MCCP2 stream (telnet option 86): zlib's deflate with a zlib header (RFC 1950), made on
/// its connection's loop thread. `compress` ends each batch with a sync flush, so the client
/// can decode everything it was sent without waiting for more; `finish` ends the stream
/// (`Z_FINISH`), after which the connection is plain telnet again.
///
/// Memory: window 2^12 and memory level 4, so deflate's state is the window (2 << 12) and its
/// chain (2 << 12), the hash heads (2 << 11), the pending buffer (4 << 10) and the state
/// struct (5,952 bytes): 30,528 bytes with Debian's zlib 1.2.13 on 64-bit, measured by
/// `stateBytes` (zlib allocates it all in `deflateInit2`), plus the 112-byte `z_stream`:
/// under the 32 KiB a compressing connection may cost (zlib's default, 15 and 8, is 262 KiB;
/// memory level 5 would be 38,720). Chat repeats within a few KiB (names, prompts), so the
/// small window loses little.
///
/// A final class, as `TLSStage`: zlib's state points back at its `z_stream`, which must not
/// move or be copied, and is freed exactly once (in `deinit`). Not Sendable: it belongs to
/// its connection's loop thread.
package final class MCCPCompressor {
    package static let windowBits: Int32 = 12
    package static let memoryLevel: Int32 = 4
    package static let level: Int32 = Z_DEFAULT_COMPRESSION

    private let stream: UnsafeMutablePointer<z_stream>
    /// What zlib allocated for this stream (counted by the shim's allocator).
    private let allocated: UnsafeMutablePointer<Int>
    package private(set) var finished = false

    package init?() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        allocated = .allocate(capacity: 1)
        allocated.initialize(to: 0)
        guard livepet_deflate_init2(stream, Self.level, Self.windowBits, Self.memoryLevel, allocated) == Z_OK else {
            stream.deallocate()
            allocated.deallocate()
            return nil
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        allocated.deallocate()
    }

    /// Bytes of zlib state this stream holds (the z_stream itself is `MemoryLayout<z_stream>.size` more).
    package var stateBytes: Int { allocated.pointee }

    /// Appends `bytes` compressed, then a sync flush. Returns false if zlib failed.
    @discardableResult
    package func compress(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        run(bytes, flush: Z_SYNC_FLUSH, into: &out)
    }

    /// Appends `bytes` compressed and the end of the stream. Returns false if zlib failed.
    @discardableResult
    package func finish(_ bytes: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        guard !finished else { return false }
        finished = true
        return run(bytes, flush: Z_FINISH, into: &out)
    }

    private func run(_ bytes: UnsafeRawBufferPointer, flush: Int32, into out: inout [UInt8]) -> Bool {
        guard !finished || flush == Z_FINISH else { return false }
        stream.pointee.next_in = bytes.isEmpty
            ? nil : UnsafeMutablePointer(mutating: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(bytes.count)
        // Enough for the batch in one round (deflateBound plus a sync flush's empty block);
        // the loop only repeats for the improbable rest.
        var room = Int(deflateBound(stream, UInt(bytes.count))) + 16
        while true {
            let start = out.count
            out.append(contentsOf: repeatElement(0, count: room))
            let result = out.withUnsafeMutableBytes { buffer -> Int32 in
                stream.pointee.next_out = (buffer.baseAddress! + start).assumingMemoryBound(to: UInt8.self)
                stream.pointee.avail_out = UInt32(room)
                return deflate(stream, flush)
            }
            let left = Int(stream.pointee.avail_out)
            out.removeLast(left)
            stream.pointee.next_out = nil
            if result == Z_STREAM_END { return true }
            guard result == Z_OK || result == Z_BUF_ERROR else { return false }
            // Done when zlib had room to spare: all input taken and the flush complete.
            if left > 0 { return stream.pointee.avail_in == 0 }
            room = 4096
        }
    }
}
