import LivePetTelnet

/// Where MCCP2 compression starts or ends in a connection's queued output: an offset into
/// `OutboundQueue.pending`, recorded under its lock as the marker (or the end) is queued,
/// so bytes queued before it stay as they are and everything after it is compressed.
package struct CompressionSwitch: Equatable, Sendable {
    package var offset: Int
    package var compress: Bool

    package init(offset: Int, compress: Bool) {
        self.offset = offset
        self.compress = compress
    }
}

/// The MCCP2 stage of one connection's output (loop thread only, as the rest of the stack):
/// between the telnet framing (`OutboundQueue`, plaintext) and the socket or the TLS stage.
///
/// ```
///  OutboundQueue.pending ─▶ MCCPStage.encode (deflate, one sync flush per batch) ─▶ [TLS] ─▶ socket
/// ```
/// The telnet stage asks for compression when the client says `DO MCCP2` (`.startCompression`):
/// the connection queues `IAC SB MCCP2 IAC SE` and records the offset after it
/// (`OutboundQueue.startCompression`). When the loop takes a batch it hands this stage the
/// bytes and their switches: what comes before a start goes out plain, the marker being the
/// last plain bytes; what follows is compressed. `DONT MCCP2` (`.stopCompression`) records an
/// end, where the stream is finished (`Z_FINISH`) and plain telnet follows; closing finishes
/// it too. Once compression started, a broadcaster never writes the connection directly
/// (`Connection.flushDirect`): the stream belongs to the loop thread.
package struct MCCPStage {
    /// The stream, while compressing.
    package private(set) var compressor: MCCPCompressor?
    /// Output goes through this stage from now on (set when compression is first asked for,
    /// before its marker is written).
    package private(set) var engaged = false

    package init() {}

    /// Compression was asked for: output now goes through `encode`.
    package mutating func engage() {
        engaged = true
    }

    /// Appends one batch taken from the queue, compressed where its switches say, to `out`.
    /// A batch that ends compressing ends with a sync flush (not one per line: one per
    /// write). Returns false if zlib failed (out of memory): the connection must close.
    package mutating func encode(_ bytes: UnsafeRawBufferPointer, switches: [CompressionSwitch],
                                 into out: inout [UInt8]) -> Bool {
        var start = 0
        for change in switches {
            let end = min(max(change.offset, start), bytes.count)
            let segment = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
            start = end
            if change.compress {
                // A start while compressing (not asked for twice by the telnet stage) ends
                // the old stream first.
                guard emit(segment, finishing: compressor != nil, into: &out) else { return false }
                guard let stream = MCCPCompressor() else { return false }
                compressor = stream
            } else {
                guard emit(segment, finishing: true, into: &out) else { return false }
            }
        }
        return emit(UnsafeRawBufferPointer(rebasing: bytes[start...]), finishing: false, into: &out)
    }

    /// Ends the stream at close (`Z_FINISH`), so the client sees a clean end.
    package mutating func finish(into out: inout [UInt8]) {
        _ = emit(UnsafeRawBufferPointer(start: nil, count: 0), finishing: true, into: &out)
    }

    private mutating func emit(_ bytes: UnsafeRawBufferPointer, finishing: Bool, into out: inout [UInt8]) -> Bool {
        guard let compressor else {
            out.append(contentsOf: bytes)
            return true
        }
        if finishing {
            self.compressor = nil
            return compressor.finish(bytes, into: &out)
        }
        guard !bytes.isEmpty else { return true }
        return compressor.compress(bytes, into: &out)
    }
}
