import LivePetNet
import LivePetSupport
import LivePetTelnet

/// Delivery of one line to many people: the fast path of every broadcast, in one place.
///
/// Three tricks make a line to a thousand members cheap, and they all live here behind one
/// safe call: the line is rendered and encoded at most once per kind of client
/// (`EncodedLine`, `EncodedTelnet`); each loop hears of the connections whose output grew
/// once, at the end (`FlushBatch`); and room members are read through unretained references
/// (`RoomMember.connectionRef`, `.prefsRef`) and raw buffers, so a member costs two locks'
/// worth of atomics and a copy, not reference counting. Callers only say, per member, which
/// parts to send (`choose`, given the member's display choices).
package enum Fanout {
    /// What one recipient gets.
    package struct Parts: OptionSet, Sendable {
        package let rawValue: UInt8
        package init(rawValue: UInt8) { self.rawValue = rawValue }
        /// The line, in the recipient's variant (colour, screen reader).
        package static let line = Parts(rawValue: 1)
        /// The telnet bytes (GMCP), to telnet clients only.
        package static let telnet = Parts(rawValue: 2)
    }

    /// Sends to every member but `except` what `choose` picks for them, then hands the
    /// connections to their loops. The members' strong references (the room's member list,
    /// borrowed for the call) keep every connection and preference object alive.
    @inline(__always)
    package static func deliver(_ line: inout EncodedLine, telnet: inout EncodedTelnet, to members: [RoomMember],
                        except: UInt64? = nil, choose: (SessionPrefs) -> Parts) {
        guard !members.isEmpty else { return }
        var batch = FlushBatch(expected: members.count)
        members.withUnsafeBufferPointer { list in
            for index in list.indices where list[index].sessionID != except {
                list[index].prefsRef._withUnsafeGuaranteedRef { prefs in
                    let parts = choose(prefs)
                    guard !parts.isEmpty else { return }
                    list[index].connectionRef._withUnsafeGuaranteedRef { connection in
                        if parts.contains(.line) {
                            connection.send(encoded: line.bytes(variant: EncodedLine.variant(prefs, connection),
                                                                width: prefs.width.load(ordering: .relaxed)), batch: &batch)
                        }
                        if parts.contains(.telnet) {
                            connection.sendTelnet(encoded: telnet.bytes(), batch: &batch)
                        }
                    }
                }
            }
        }
        batch.submit()
    }

    /// `deliver` to recipients that are not a room's members (the chat channel's listeners),
    /// through ordinary references.
    package static func deliver<Recipients: Sequence<(connection: Connection, prefs: SessionPrefs)>>(
        _ line: inout EncodedLine, telnet: inout EncodedTelnet, to recipients: Recipients, expected: Int,
        choose: (SessionPrefs) -> Parts
    ) {
        var batch = FlushBatch(expected: expected)
        for (connection, prefs) in recipients {
            let parts = choose(prefs)
            if parts.contains(.line) {
                connection.send(encoded: line.bytes(variant: EncodedLine.variant(prefs, connection),
                                                    width: prefs.width.load(ordering: .relaxed)), batch: &batch)
            }
            if parts.contains(.telnet) {
                connection.sendTelnet(encoded: telnet.bytes(), batch: &batch)
            }
        }
        batch.submit()
    }
}
