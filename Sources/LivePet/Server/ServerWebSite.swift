import LivePetNet
import LivePetSession

/// What the HTTP stage serves on the port: the page compiled into the binary (`WebAssets`,
/// its bytes made once) and the player count for `/healthz` (`Presence.onlineCount`).
struct ServerWebSite: WebSite {
    let presence: Presence

    private static let resources: [String: (contentType: String, body: [UInt8])] = {
        var resources: [String: (contentType: String, body: [UInt8])] = [:]
        for asset in WebAssets.all { resources[asset.path] = (asset.contentType, Array(asset.body.utf8)) }
        return resources
    }()

    func resource(at path: String) -> (contentType: String, body: [UInt8])? {
        Self.resources[path]
    }

    func playersOnline() -> Int {
        presence.onlineCount.load(ordering: .relaxed)
    }
}
