import Testing
@testable import LivePetNet

/// What a telnet connection pays for the web's stages (issue 18): the HTTP and WebSocket
/// stages are boxed, so the stack every connection holds carries one reference for them.
@Suite struct TransportStackLayoutTests {
    @Test func theWebStagesAreNotHeldInline() {
        let size = MemoryLayout<TransportStack>.size
        print("MemoryLayout<TransportStack>.size = \(size), HTTPStage \(MemoryLayout<HTTPStage>.size), WebSocketStage \(MemoryLayout<WebSocketStage>.size), TelnetEndpoint \(MemoryLayout<TelnetEndpoint>.size), LoopState \(MemoryLayout<Connection.LoopState>.size), ConnectionLimits \(MemoryLayout<ConnectionLimits>.size)")
        #expect(size < MemoryLayout<TelnetEndpoint>.size + 200)
    }
}
