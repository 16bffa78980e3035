/// A close frame's status code (RFC 6455 section 7.4).
package struct WebSocketCloseCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    package var rawValue: UInt16

    package init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    package init(_ rawValue: UInt16) {
        self.rawValue = rawValue
    }

    package static let normalClosure = WebSocketCloseCode(1000)
    package static let goingAway = WebSocketCloseCode(1001)
    package static let protocolError = WebSocketCloseCode(1002)
    package static let unsupportedData = WebSocketCloseCode(1003)
    /// Never sent: stands for a close frame without a code.
    package static let noStatusReceived = WebSocketCloseCode(1005)
    /// Never sent: stands for a connection that ended without a close frame.
    package static let abnormalClosure = WebSocketCloseCode(1006)
    package static let invalidPayload = WebSocketCloseCode(1007)
    package static let policyViolation = WebSocketCloseCode(1008)
    package static let messageTooBig = WebSocketCloseCode(1009)
    package static let internalError = WebSocketCloseCode(1011)

    /// Whether a peer may send this code in a close frame: the codes RFC 6455 defines for
    /// the wire (1000-1003, 1007-1011), the ones IANA registered since (1012 service restart,
    /// 1013 try again later, 1014 bad gateway), and the ranges for libraries (3000-3999) and
    /// private use (4000-4999). 1004-1006 and 1015 must never be sent; the rest of 1000-2999
    /// is reserved, and 0-999 and 5000 and up are not used.
    package var isValidOnTheWire: Bool {
        switch rawValue {
        case 1000...1003, 1007...1014, 3000...4999: return true
        default: return false
        }
    }

    package var description: String { String(rawValue) }
}
