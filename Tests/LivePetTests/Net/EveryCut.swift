import Testing

/// Whether a decoder's answer depends on how reads cut its input: `decode(bytes, cuts)` must
/// give, for every single cut and for a cut between every two bytes, what it gives uncut.
/// Returns the uncut answer.
@discardableResult
func expectSameAnswerForEveryCut<Answer: Equatable>(
    _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation, _ decode: ([UInt8], [Int]) -> Answer
) -> Answer {
    let whole = decode(bytes, [])
    for cut in 0...bytes.count {
        #expect(decode(bytes, [cut]) == whole, "cut at \(cut)", sourceLocation: sourceLocation)
    }
    #expect(decode(bytes, Array(0..<bytes.count)) == whole, "byte by byte", sourceLocation: sourceLocation)
    return whole
}
