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
enum HealthCheck {
    static func run(host: String, port: Int, timeout: Duration = .seconds(5)) async -> Int32 {
        let target = host.isEmpty ? "127.0.0.1" : host
        let result = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: probe(host: target, port: port, timeout: timeout))
            }
        }
        switch result {
        case .success(let players):
            print("ok: LivePet answered on \(target):\(port) (\(players) players online)")
            return 0
        case .failure(let message):
            FileHandle.standardError.write(Data("livepet check: \(message)\n".utf8))
            return 1
        }
    }

    enum Outcome {
        case success(String)
        case failure(String)
    }

    /// Blocking probe on a plain socket with a deadline (runs off the cooperative pool).
    static func probe(host: String, port: Int, timeout: Duration) -> Outcome {
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
        guard send(fd, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else {
            return .failure("could not send the status request")
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, received.count < 65536 {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
            let text = String(decoding: received, as: UTF8.self)
            if let range = text.range(of: "MSSP-REPLY-END") {
                let players = text[..<range.lowerBound].split(whereSeparator: \.isNewline)
                    .first { $0.hasPrefix("PLAYERS\t") }?
                    .dropFirst("PLAYERS\t".count) ?? "?"
                return .success(String(players))
            }
        }
        return .failure("the server at \(host):\(port) did not answer a status request")
    }
}
