import CZlib
import Glibc
import Testing
@testable import LivePetNet
@testable import LivePetTelnet

/// MCCP2 without sockets: the compressor against zlib's inflate, the negotiation in the
/// transport stack, and the queue's switch offsets through the stage.
@Suite struct MCCPTests {
    private let iac = TelnetCommand.iac
    private let marker: [UInt8] = [TelnetCommand.iac, TelnetCommand.sb, TelnetOption.mccp2, TelnetCommand.iac, TelnetCommand.se]

    private func compress(_ text: String, _ compressor: MCCPCompressor) -> [UInt8] {
        var out: [UInt8] = []
        #expect(Array(text.utf8).withUnsafeBytes { compressor.compress($0, into: &out) })
        return out
    }

    @Test func eachBatchIsDecodableOnItsOwnAndTheEndIsClean() throws {
        let compressor = try #require(MCCPCompressor())
        let inflater = Inflater()
        let first = "Whiskers says, \"hello\"\r\n[Whiskers's room, 5 treats] > "
        let second = String(repeating: "Bob says, \"hi there, Whiskers\"\r\n", count: 20)
        // Only the first batch's bytes: everything in it comes out (sync flush), nothing waits.
        let one = compress(first, compressor)
        let decoded = try inflater.inflate(one)
        #expect(decoded.output == Array(first.utf8))
        #expect(decoded.consumed == one.count)
        #expect(!inflater.ended)
        let two = compress(second, compressor)
        #expect(try inflater.inflate(two).output == Array(second.utf8))
        #expect(two.count < second.utf8.count / 4, "repeated lines compress within the window")
        var end: [UInt8] = []
        #expect(compressor.finish(UnsafeRawBufferPointer(start: nil, count: 0), into: &end))
        let after = end + Array("plain".utf8)
        let last = try inflater.inflate(after)
        #expect(last.output.isEmpty)
        #expect(inflater.ended, "Z_FINISH ends the stream")
        #expect(Array(after[last.consumed...]) == Array("plain".utf8))
    }

    /// The issue's budget: at most 32 KiB of zlib state per compressing connection.
    @Test func aStreamCostsAtMost32KiB() throws {
        let compressor = try #require(MCCPCompressor())
        let total = compressor.stateBytes + MemoryLayout<z_stream>.size
        #expect(compressor.stateBytes > 16 * 1024, "the allocator counts")
        #expect(total <= 32 * 1024, "zlib state \(compressor.stateBytes) bytes")
    }

    private func receive(_ bytes: [UInt8], _ stack: inout TransportStack) -> [TransportAction] {
        var actions: [TransportAction] = []
        bytes.withUnsafeBytes { stack.receive($0, now: 1, into: &actions) }
        return actions
    }

    private func opened(mccp: Bool = true) -> (TransportStack, [UInt8]) {
        var limits = ConnectionLimits()
        limits.protocolSniffWindow = .zero
        limits.mccp = mccp
        var stack = TransportStack(limits: limits)
        var actions: [TransportAction] = []
        _ = stack.open(now: 0, into: &actions)
        guard case .reply(let offer) = actions.first else { return (stack, []) }
        return (stack, offer)
    }

    @Test func offeredOnceTheClientSpeaksTelnetStartedOnDOAndEndedOnDONT() {
        var (stack, offer) = opened()
        #expect(offer.index(of: [iac, TelnetCommand.will, TelnetOption.mccp2]) == nil, "not in the opening offer (raw clients)")
        let first = receive([iac, TelnetCommand.wont, TelnetOption.naws], &stack)
        guard case .reply(let replies) = first.last else {
            Issue.record("no offers in \(first)")
            return
        }
        #expect(replies.index(of: [iac, TelnetCommand.will, TelnetOption.mccp2]) != nil)
        #expect(receive([iac, TelnetCommand.do, TelnetOption.mccp2], &stack) == [.startCompression])
        #expect(receive([iac, TelnetCommand.do, TelnetOption.mccp2], &stack).isEmpty, "once")
        #expect(receive([iac, TelnetCommand.dont, TelnetOption.mccp2], &stack)
            == [.stopCompression, .reply([iac, TelnetCommand.wont, TelnetOption.mccp2])])
    }

    @Test func anUnaskedDOIsAgreedBeforeTheMarkerAndOffIsRefused() {
        var (stack, _) = opened()
        let actions = receive([iac, TelnetCommand.do, TelnetOption.mccp2], &stack)
        // The WILL answering it goes out before the marker (it precedes .startCompression).
        #expect(actions.firstIndex(of: .reply([iac, TelnetCommand.will, TelnetOption.mccp2])) == 0)
        #expect(actions.firstIndex(of: .startCompression) == 1)

        var (off, _) = opened(mccp: false)
        let refused = receive([iac, TelnetCommand.do, TelnetOption.mccp2], &off)
        #expect(!refused.contains(.startCompression))
        guard case .reply(let replies) = refused.last else {
            Issue.record("no answer in \(refused)")
            return
        }
        #expect(replies.starts(with: [iac, TelnetCommand.wont, TelnetOption.mccp2]))
        #expect(replies.index(of: [iac, TelnetCommand.will, TelnetOption.mccp2]) == nil)
    }

    /// What was queued before DO stays plain, the marker is the last plain bytes, and what is
    /// queued after it is compressed; after DONT the stream ends and plain telnet follows.
    @Test func theQueueSwitchesExactlyAfterTheMarkerAndBackAtTheEnd() throws {
        var queue = OutboundQueue(cap: 64 * 1024)
        _ = queue.admit { $0.appendLine(Array("before\r\n".utf8)) }
        _ = queue.admit { $0.startCompression() }
        #expect(queue.loopWritesOnly)
        _ = queue.admit { $0.appendLine(Array("squeezed\r\n".utf8)) }
        var stage = MCCPStage()
        stage.engage()
        var wire: [UInt8] = []
        #expect(queue.pending.withUnsafeBytes { stage.encode($0, switches: queue.compressionSwitches, into: &wire) })
        let plain = Array("before\r\n".utf8) + marker
        #expect(Array(wire.prefix(plain.count)) == plain)
        let inflater = Inflater()
        #expect(try inflater.inflate(wire.dropFirst(plain.count)).output == Array("squeezed\r\n".utf8))

        var next = OutboundQueue(cap: 64 * 1024)
        _ = next.admit { $0.appendLine(Array("last words\r\n".utf8)) }
        _ = next.admit { $0.stopCompression() }
        _ = next.admit { $0.appendLine(Array("plain again\r\n".utf8)) }
        wire = []
        #expect(next.pending.withUnsafeBytes { stage.encode($0, switches: next.compressionSwitches, into: &wire) })
        let rest = try inflater.inflate(wire)
        #expect(rest.output == Array("last words\r\n".utf8))
        #expect(inflater.ended)
        #expect(Array(wire[rest.consumed...]) == Array("plain again\r\n".utf8))
        #expect(stage.compressor == nil)
    }

    /// Twenty lines taken in one batch cost one sync flush (the empty stored block
    /// 00 00 FF FF, which ends the batch), not twenty.
    @Test func aBatchOfManyLinesEndsWithOneSyncFlush() throws {
        var queue = OutboundQueue(cap: 64 * 1024)
        _ = queue.admit { $0.startCompression() }
        var stage = MCCPStage()
        stage.engage()
        var wire: [UInt8] = []
        #expect(queue.pending.withUnsafeBytes { stage.encode($0, switches: queue.compressionSwitches, into: &wire) })
        queue.pending = []
        queue.compressionSwitches = []
        var lines: [UInt8] = []
        for index in 0..<20 { lines += Array("Guest-\(1000 + index) says, \"line \(index)\"\r\n".utf8) }
        var batch: [UInt8] = []
        #expect(lines.withUnsafeBytes { stage.encode($0, switches: [], into: &batch) })
        let syncFlush: [UInt8] = [0, 0, 0xFF, 0xFF]
        #expect(batch.occurrences(of: syncFlush) == 1)
        #expect(Array(batch.suffix(4)) == syncFlush)
        let inflater = Inflater()
        _ = try inflater.inflate(wire.dropFirst(marker.count))
        #expect(try inflater.inflate(batch).output == lines)
    }

    /// A broadcaster never writes a compressing connection itself: the stream is the loop's.
    @Test func aCompressingConnectionIsNeverWrittenDirectly() {
        // A socket pair on a loop that never runs: what a direct write sends is readable at
        // `peer` at once.
        var fds: [Int32] = [0, 0]
        _ = socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds)
        let connection = Connection(fd: fds[0], peerAddress: "test", loop: DetachedConnection.loop, id: 0, limits: ConnectionLimits())
        let peer = fds[1]
        defer { close(fds[0]); close(peer) }
        func readAvailable(_ fd: Int32) -> String {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
        }
        // Queued without asking the (shared, never started) loop, which would then stay busy.
        _ = connection.enqueue { $0.appendLine(Array("plain\r\n".utf8)) }
        #expect(connection.flushDirect())
        #expect(readAvailable(peer) == "plain\r\n")
        _ = connection.enqueue { $0.startCompression() }
        _ = connection.enqueue { $0.appendLine(Array("compressed\r\n".utf8)) }
        #expect(!connection.flushDirect())
        #expect(readAvailable(peer).isEmpty)
    }
}

