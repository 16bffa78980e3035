/// The transport stack's web stages, boxed: an HTTP connection holds its `HTTPStage`, then its
/// `WebSocketStage`, here, so the stack every telnet connection carries holds one optional
/// reference for them instead of their few hundred bytes inline. Made when sniffing recognises
/// an HTTP request line; loop thread only, as the stack.
package final class WebStages {
    package var http: HTTPStage?
    package var webSocket: WebSocketStage?

    init(http: HTTPStage) {
        self.http = http
    }
}
