import Testing
@testable import LivePetNet
@testable import LivePetSupport

/// The incremental UTF-8 check: RFC 3629's edge cases, and agreement with the standard
/// library's decoder on random bytes.
@Suite struct UTF8ValidatorTests {
    @Test(arguments: [
        [UInt8](), [0x00], [0x7F], [0xC2, 0x80], [0xDF, 0xBF],
        [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80], [0xEF, 0xBF, 0xBF],
        [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], Array("κόσμε €𝄞".utf8),
    ])
    func valid(bytes: [UInt8]) {
        #expect(UTF8Validator.isValid(bytes))
    }

    @Test(arguments: [
        // Overlong forms.
        [UInt8(0xC0), 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xF0, 0x80, 0x80, 0x80],
        [0xF0, 0x8F, 0xBF, 0xBF],
        // Surrogates, alone and as a pair.
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xED, 0xA0, 0xBD, 0xED, 0xB2, 0xA9],
        // Past U+10FFFF, and bytes that never occur.
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xFF],
        // Continuations without a lead, leads without continuations.
        [0x80], [0xBF], [0x61, 0x80], [0xC2], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xE2, 0x41, 0xAC],
    ])
    func invalid(bytes: [UInt8]) {
        #expect(!UTF8Validator.isValid(bytes))
    }

    @Test func aCodePointSplitAcrossCallsIsWholeOnlyAtItsEnd() {
        var validator = UTF8Validator()
        for byte in [UInt8(0xF0), 0x9D, 0x84] {
            let accepted = validator.consume(byte)
            #expect(accepted)
            #expect(!validator.isAtBoundary)
        }
        let accepted = validator.consume(0x9E)
        #expect(accepted)
        #expect(validator.isAtBoundary)
    }

    @Test func agreesWithTheStandardLibraryOnRandomBytes() {
        var random = SplitMix64(seed: 0x5EED_0008)
        let alphabet: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        var valid = 0
        for _ in 0..<20_000 {
            let count = random.below(7)
            let bytes = (0..<count).map { _ in alphabet[random.below(alphabet.count)] }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect(UTF8Validator.isValid(bytes) == expected, "\(bytes)")
            if expected { valid += 1 }
        }
        #expect(valid > 1000)
    }
}
