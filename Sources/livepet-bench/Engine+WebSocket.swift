/// `--websocket`: the bench connection speaks LivePet's web client protocol (`BenchWebSocket`):
/// the upgrade request goes with the login line, the 101 is checked, and the server's text
/// messages are handed to the shared line parser as the lines they hold.
extension Engine {
    func receiveWebSocket(_ connection: BenchConnection, _ socket: BenchWebSocket, _ bytes: UnsafeRawBufferPointer, now: UInt64) {
        socket.held.append(contentsOf: bytes)
        var start = 0
        if !socket.upgraded {
            guard let end = socket.held.firstRange(of: [13, 10, 13, 10]) else {
                if socket.held.count > 16 * 1024 { fail(connection, "websocket: no end of the 101's head") }
                return
            }
            guard socket.held.starts(with: Array("HTTP/1.1 101 ".utf8)) else {
                let status = socket.held.prefix { $0 != 13 }
                fail(connection, "websocket: " + String(decoding: status, as: UTF8.self))
                return
            }
            socket.upgraded = true
            start = end.upperBound
        }
        let rest = BenchWebSocket.frames(socket.held, from: start) { frame in
            switch frame {
            case .text(let payload):
                if BenchWebSocket.text(of: payload, into: &socket.text) {
                    socket.text.withUnsafeBytes { consume(connection, $0, now: now) }
                }
            case .ping(let payload):
                socket.appendFrame(opcode: 0xA, payload, to: &connection.output)
                queueFlush(connection)
            case .close:
                fail(connection, "closed by server (WebSocket close) in phase \(connection.phase)")
            case .other:
                break
            }
            return connection.isLive
        }
        guard connection.isLive else { return }
        guard let rest else {
            fail(connection, "websocket: a frame the bench cannot read")
            return
        }
        if rest >= socket.held.count {
            socket.held.removeAll(keepingCapacity: socket.held.capacity <= 64 * 1024)
        } else {
            socket.held.removeFirst(rest)
        }
    }
}
