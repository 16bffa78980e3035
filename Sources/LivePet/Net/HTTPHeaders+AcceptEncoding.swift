/// `Accept-Encoding` (RFC 9110 section 12.5.3), for the one content coding this server sends.
extension HTTPHeaders {
    /// Whether the client accepts a gzip-coded response: `gzip` (or `x-gzip`) listed with a
    /// weight above zero, or, when neither is listed, `*` with a weight above zero. No field,
    /// an empty one, `gzip;q=0`, or a weight that is not a valid qvalue: no.
    package var acceptsGzip: Bool {
        var gzip: Double?
        var any: Double?
        for element in tokens("accept-encoding") {
            let parameters = element.split(separator: ";").map { $0.trimmingCharacters(in: " \t") }
            guard let coding = parameters.first else { continue }
            var weight = 1.0
            for parameter in parameters.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: " \t") }
                guard pair.count == 2, pair[0] == "q" else { continue }
                weight = Self.qvalue(pair[1]) ?? 0
            }
            switch coding {
            case "gzip", "x-gzip": gzip = max(gzip ?? 0, weight)
            case "*": any = max(any ?? 0, weight)
            default: break
            }
        }
        if let gzip { return gzip > 0 }
        return (any ?? 0) > 0
    }

    /// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ); nil if it is not one.
    static func qvalue(_ text: String) -> Double? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, whole == "0" || whole == "1" else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= 3, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if whole == "1" { return fraction.allSatisfy { $0 == "0" } ? 1 : nil }
        return Double("0." + (fraction.isEmpty ? "0" : fraction))
    }
}
