import Testing
@testable import LivePetSupport
@testable import LivePetTelnet

@Suite struct TelnetSubnegotiationTests {
    @Test func nawsIsBigEndian() {
        let size = TelnetSubnegotiation.naws([0x01, 0x2C, 0x00, 0x18])
        #expect(size?.width == 300)
        #expect(size?.height == 24)
        #expect(TelnetSubnegotiation.naws([0, 80, 0]) == nil)
        #expect(TelnetSubnegotiation.naws([0, 80, 0, 24, 0]) == nil)
    }

    @Test func terminalTypeNeedsISAndKeepsPrintableASCII() {
        #expect(TelnetSubnegotiation.terminalType([0] + Array("XTERM-256COLOR".utf8)) == "XTERM-256COLOR")
        #expect(TelnetSubnegotiation.terminalType([1] + Array("XTERM".utf8)) == nil)
        #expect(TelnetSubnegotiation.terminalType([0]) == nil)
        #expect(TelnetSubnegotiation.terminalType([]) == nil)
        #expect(TelnetSubnegotiation.terminalType([0, 0x4D, 0x1B, 0xFF, 0x55, 0x44]) == "MUD")
        let long = TelnetSubnegotiation.terminalType([0] + [UInt8](repeating: 0x41, count: 1000))
        #expect(long?.utf8.count == TelnetSubnegotiation.maxTerminalTypeBytes)
    }

    @Test func requestTerminalTypeBytes() {
        var out: [UInt8] = []
        TelnetSubnegotiation.requestTerminalType(into: &out)
        #expect(out == [255, 250, 24, 1, 255, 240])
    }
}
