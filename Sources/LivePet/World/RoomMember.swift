/// Someone in a room: enough to address them without asking their session.
public struct RoomMember: Sendable {
    public let sessionID: UInt64
    public let name: String
    public let connection: Connection

    public init(sessionID: UInt64, name: String, connection: Connection) {
        self.sessionID = sessionID
        self.name = name
        self.connection = connection
    }
}
