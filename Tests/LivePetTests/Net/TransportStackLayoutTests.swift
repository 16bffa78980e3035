import Testing
@testable import LivePetNet

/// What a telnet connection pays for the web's stages (issue 18): the HTTP and WebSocket
/// stages are boxed, so the stack every connection holds carries one reference for them.
@Suite struct TransportStackLayoutTests {
    @Test func theWebStagesAreNotHeldInline() {
        let size = MemoryLayout<TransportStack>.size
        // 793 bytes with both stages inline; 384 boxed (the telnet stage is 224 of them).
        #expect(size <= MemoryLayout<TelnetEndpoint>.size + 200, "TransportStack is \(size) bytes")
        #expect(size < MemoryLayout<HTTPStage>.size + MemoryLayout<TelnetEndpoint>.size)
    }
}
