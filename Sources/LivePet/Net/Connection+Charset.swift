import LivePetSupport
import LivePetTelnet

/// The client's charset (`TelnetCharset`): held once, in `charsetCode`, set by the session
/// (which learns it from MTTS, the CHARSET answer or the `charset` command).
extension Connection {
    /// UTF-8 unless the session learned otherwise.
    public var charset: TelnetCharset {
        TelnetCharset(rawValue: charsetCode.load(ordering: .relaxed)) ?? .utf8
    }

    /// Text the server sends through this connection from now on is folded to ASCII
    /// (`ASCIIText`) for `.ascii`, and input lines are read as Latin-1: the telnet stage
    /// learns it on the loop thread, from the next line it decodes.
    public func setCharset(_ charset: TelnetCharset) {
        guard charsetCode.exchange(charset.rawValue, ordering: .relaxed) != charset.rawValue else { return }
        outbound.withLock { $0.telnet.forgetPrompt() }
        loop.execute { [self] in
            guard !io.isClosed else { return }
            io.stack.setInputCharset(self.charset)
        }
    }

    /// `text` as this client can show it.
    @inline(__always)
    func forClient(_ text: String) -> String {
        charsetCode.load(ordering: .relaxed) == TelnetCharset.ascii.rawValue ? ASCIIText.fold(text) : text
    }
}
