import LivePetNet
import LivePetSession

/// What the HTTP stage serves on the port: the page compiled into the binary (`WebAssets`,
/// its bytes, gzip form and entity tag made once for the process), the player count for
/// `/healthz` (`Presence.onlineCount`) and the metrics (`ServerMetrics`).
final class ServerWebSite: WebSite {
    let services: Services
    let serverMetrics: ServerMetrics

    init(services: Services, metrics: ServerMetrics) {
        self.services = services
        self.serverMetrics = metrics
    }

    private static let resources: [String: WebResource] = {
        var resources: [String: WebResource] = [:]
        for asset in WebAssets.all {
            resources[asset.path] = WebResource(contentType: asset.contentType, body: Array(asset.body.utf8))
        }
        return resources
    }()

    func resource(at path: String) -> WebResource? {
        Self.resources[path]
    }

    func playersOnline() -> Int {
        services.presence.onlineCount.load(ordering: .relaxed)
    }

    func metrics() -> String {
        serverMetrics.render(services)
    }
}
