import CLinux
import Foundation
import Glibc
import LivePetNet
import LivePetSession
import LivePetStore
import LivePetSupport
import LivePetWorld

/// `livepet check`: connects, asks for the server's status with the plaintext MSSP request
/// and exits 0 only when a LivePet server answered. Needs no curl or nc in the image.
/// `--tls` asks over TLS, accepting any certificate (the default one is self-signed) and
/// printing its SHA-256 fingerprint, to compare with the one the server logs at start.
enum HealthCheck {
    static func run(host: String, port: Int, tls: Bool = false, timeout: Duration = .seconds(5)) async -> Int32 {
        let target = host.isEmpty ? "127.0.0.1" : host
        let result = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: probe(host: target, port: port, tls: tls, timeout: timeout))
            }
        }
        switch result {
        case .success(let players, nil):
            print("ok: LivePet answered on \(target):\(port) (\(players) players online)")
            return 0
        case .success(let players, let secure?):
            print("ok: LivePet answered over \(secure.version) on \(target):\(port) (\(players) players online); "
                + "certificate SHA-256 \(secure.fingerprint) (not verified)")
            return 0
        case .failure(let message):
            FileHandle.standardError.write(Data("livepet check: \(message)\n".utf8))
            return 1
        }
    }

    /// What a TLS check saw of the server's TLS.
    struct Secure: Equatable {
        var version: String
        var fingerprint: String
    }

    enum Outcome: Equatable {
        /// The players online, and the TLS seen if the check was over TLS.
        case success(String, Secure?)
        case failure(String)
    }

    /// Blocking probe on a plain socket with a deadline (runs off the cooperative pool).
    static func probe(host: String, port: Int, tls: Bool = false, timeout: Duration) -> Outcome {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            return .failure("cannot resolve \(host)")
        }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .failure("socket failed") }
        defer { close(fd) }
        let millis = Int(timeout.components.seconds * 1000)
        var tv = timeval(tv_sec: millis / 1000, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
            return .failure("nothing is listening on \(host):\(port)")
        }
        let request = Array("MSSP-REQUEST\r\n".utf8)
        var secure: Secure?
        let write: ([UInt8]) -> Bool
        let read: (inout [UInt8]) -> Int
        let client: TLSClient?
        if tls {
            // SSL_write writes to the socket itself: a server that hangs up must not kill us.
            signal(SIGPIPE, SIG_IGN)
            do {
                let made = try TLSClient(fd: fd, serverName: host)
                try made.handshake()
                client = made
                secure = Secure(version: made.protocolVersion, fingerprint: made.fingerprint)
            } catch {
                return .failure("no TLS on \(host):\(port): \(error)")
            }
        } else {
            client = nil
        }
        if let client {
            write = { client.write($0) }
            read = { client.read(into: &$0) }
        } else {
            write = { send(fd, $0, $0.count, Int32(MSG_NOSIGNAL)) == $0.count }
            read = { recv(fd, &$0, $0.count, 0) }
        }
        defer { client?.shutdown() }
        guard write(request) else {
            return .failure("could not send the status request")
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, received.count < 65536 {
            let count = read(&buffer)
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
            let text = String(decoding: received, as: UTF8.self)
            if let range = text.range(of: "MSSP-REPLY-END") {
                let players = text[..<range.lowerBound].split(whereSeparator: \.isNewline)
                    .first { $0.hasPrefix("PLAYERS\t") }?
                    .dropFirst("PLAYERS\t".count) ?? "?"
                return .success(String(players), secure)
            }
        }
        return .failure("the server at \(host):\(port) did not answer a status request")
    }
}
