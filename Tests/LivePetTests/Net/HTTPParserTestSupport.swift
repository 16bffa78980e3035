@testable import LivePetNet

/// Runs `HTTPRequestParser` over bytes cut at given offsets, collecting every verdict but
/// `.needMore`.
enum HTTPParse {
    static func verdicts(_ text: String, cuts: [Int] = [], limits: HTTPRequestParser.Limits = .init()) -> [HTTPRequestParser.Verdict] {
        verdicts(Array(text.utf8), cuts: cuts, limits: limits)
    }

    static func verdicts(_ bytes: [UInt8], cuts: [Int] = [], limits: HTTPRequestParser.Limits = .init()) -> [HTTPRequestParser.Verdict] {
        var parser = HTTPRequestParser(limits: limits)
        var verdicts: [HTTPRequestParser.Verdict] = []
        var from = 0
        for cut in cuts + [bytes.count] {
            parser.append(bytes[from..<cut])
            from = cut
            while true {
                let verdict = parser.next()
                if verdict == .needMore { break }
                verdicts.append(verdict)
                if case .reject = verdict { return verdicts }
            }
        }
        return verdicts
    }

    /// The only verdict for `text`: the request, or the rejection's status code.
    static func status(_ text: String) -> Int? {
        let all = verdicts(text)
        guard all.count == 1 else { return nil }
        switch all[0] {
        case .request: return 200
        case .reject(let status, _): return status.code
        case .needMore: return nil
        }
    }

    static func request(_ text: String) -> HTTPRequest? {
        guard case .request(let request)? = verdicts(text).first else { return nil }
        return request
    }
}
