/// The text the bench says: `LPB:D <sender> <seq> <sent-nanos>` for measured lines and
/// `LPB:S <room> <token>` for barriers. Receivers find the marker anywhere in a line, so
/// the same parser works for "Guest-7 says, \"…\"" and ":nick!u@h PRIVMSG #room :…".
enum Payload {
    case data(sender: Int, sequence: UInt64, sentAt: UInt64)
    case sync(room: Int, token: UInt64)

    static func data(sender: Int, sequence: UInt64, sentAt: UInt64) -> String {
        "LPB:D \(sender) \(sequence) \(sentAt)"
    }

    static func sync(room: Int, token: UInt64) -> String {
        "LPB:S \(room) \(token)"
    }

    static func parse(_ line: ByteLine) -> Payload? {
        guard let marker = line.firstRange(of: "LPB:"), marker + 6 < line.count,
              line.bytes[marker + 5] == 32 else { return nil }
        let kind = line.bytes[marker + 4]
        guard let first = line.number(at: marker + 6), first.end + 1 < line.count,
              let second = line.number(at: first.end + 1) else { return nil }
        switch kind {
        case UInt8(ascii: "D"):
            guard second.end + 1 < line.count, let third = line.number(at: second.end + 1) else { return nil }
            return .data(sender: Int(first.value), sequence: second.value, sentAt: third.value)
        case UInt8(ascii: "S"):
            return .sync(room: Int(first.value), token: second.value)
        default:
            return nil
        }
    }
}
