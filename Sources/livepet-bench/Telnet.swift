/// Drops telnet commands from a received line. The bench never negotiates, so the
/// server's offers (DO TTYPE, DO NAWS, WILL EOR) and prompt marks (GA, EOR) are noise.
enum Telnet {
    static let iac: UInt8 = 0xFF

    static func strip(_ bytes: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        output.removeAll(keepingCapacity: true)
        var i = 0
        var inSubnegotiation = false
        while i < bytes.count {
            let byte = bytes[i]
            if byte != iac {
                if !inSubnegotiation { output.append(byte) }
                i += 1
                continue
            }
            guard i + 1 < bytes.count else { break }
            let command = bytes[i + 1]
            switch command {
            case iac:
                if !inSubnegotiation { output.append(iac) }
                i += 2
            case 250:  // SB
                inSubnegotiation = true
                i += 3
            case 240:  // SE
                inSubnegotiation = false
                i += 2
            case 251...254:  // WILL, WONT, DO, DONT + option
                i += 3
            default:
                i += 2
            }
        }
    }
}
