import LivePetSupport
import LivePetTelnet

/// Decides at accept time, before any session exists, whether a client may connect. The
/// listener asks on its loop thread; the app's `ConnectionGate` (bans, per-address limits)
/// implements it, so this target knows nothing of bans or abuse limits.
///
/// A trusted proxy (`--trusted-proxies`) carries many clients on one address: its connections
/// are admitted with `proxyRefusal` (bans and the total, not the per-address limits), and the
/// address it forwards for a WebSocket session is admitted with `forwardedRefusal` (bans, the
/// rate and per-address limits) once the handshake names it.
package protocol ConnectionAdmission: AnyObject, Sendable {
    /// Admits and counts a connection from `address` (nil), or returns the line the client
    /// reads before the listener hangs up.
    func refusal(for address: String) -> String?
    /// A connection admitted from `address` has closed (or never opened).
    func release(_ address: String)
    /// `refusal` for a trusted proxy's connection: counted in the total only.
    func proxyRefusal(for address: String) -> String?
    /// A connection admitted with `proxyRefusal` has closed (or never opened).
    func releaseProxy(_ address: String)
    /// Admits and counts (per address, not in the total) the client a trusted proxy forwarded.
    func forwardedRefusal(for address: String) -> String?
    /// A forwarded client admitted with `forwardedRefusal` has gone.
    func releaseForwarded(_ address: String)
}
