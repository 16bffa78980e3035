import LivePetSupport
import LivePetTelnet

/// Decides at accept time, before any session exists, whether a client may connect. The
/// listener asks on its loop thread; the app's `ConnectionGate` (bans, per-address limits)
/// implements it, so this target knows nothing of bans or abuse limits.
package protocol ConnectionAdmission: AnyObject, Sendable {
    /// Admits and counts a connection from `address` (nil), or returns the line the client
    /// reads before the listener hangs up.
    func refusal(for address: String) -> String?
    /// A connection admitted from `address` has closed (or never opened).
    func release(_ address: String)
}
