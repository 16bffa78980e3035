import Testing
@testable import LivePetTelnet
@testable import LivePetWorld

/// What clients without UTF-8 see of what the server draws: the ASCII variants of room lines
/// (`EncodedLine` variants 4...7), hearts as `<3`, every species' picture, and players' text.
@Suite struct ASCIIRenderingTests {
    static let status = PetStatus(id: 7, name: "Zoë", species: .crab, ownerName: "José", age: 3, hunger: 250,
                                  hearts: 3, alive: true, visitors: ["Ann"])

    private static func isASCII(_ bytes: some Sequence<UInt8>) -> Bool { bytes.allSatisfy { $0 < 0x80 } }

    /// Text as it goes on the wire to a client without colour (style markers dropped).
    private static func wire(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        TelnetOutput.appendStyled(text, colour: false, to: &bytes)
        return bytes
    }

    @Test func tickLinesHaveAnASCIIVariantOfEachKind() {
        var line = EncodedLine(RoomLine(Self.status.tickLine, spoken: Self.status.spokenTickLine))
        for variant in 0..<8 {
            let bytes = Array(line.bytes(variant: variant))
            #expect(Self.isASCII(bytes) == (variant >= 4), "variant \(variant)")
        }
        #expect(String(decoding: line.bytes(variant: 4), as: UTF8.self) == "[Zoe] age 3, hunger 250/500, <3<3<3.... content\r\n")
        let colour = String(decoding: line.bytes(variant: 5), as: UTF8.self)
        #expect(colour.contains("\u{1B}[31m<3<3<3....\u{1B}[0m"), "\(colour.debugDescription)")
        // Screen-reader wording was ASCII already apart from the name.
        #expect(String(decoding: line.bytes(variant: 6), as: UTF8.self) == "Pet Zoe: age 3, hunger 250 of 500, 3 of 5 hearts, content.\r\n")
        #expect(Array(line.bytes(variant: 2)) == Array("Pet Zoë: age 3, hunger 250 of 500, 3 of 5 hearts, content.\r\n".utf8))
    }

    @Test func talkIsTransliteratedNotMangled() {
        var line = EncodedLine(TalkLine.say("un café ♥ 猫", by: "Zoë"))
        #expect(String(decoding: line.bytes(variant: 4), as: UTF8.self) == "Zoe says, \"un cafe <3 ?\"\r\n")
        #expect(String(decoding: line.bytes(variant: 5), as: UTF8.self) == "\u{1B}[36mZoe\u{1B}[0m says, \"un cafe <3 ?\"\r\n")
        #expect(String(decoding: line.bytes(variant: 0), as: UTF8.self) == "Zoë says, \"un café ♥ 猫\"\r\n")
    }

    /// Talk that fits 80 columns in UTF-8 but not once folded is wrapped by its ASCII widths,
    /// so no row of an ASCII client's terminal starts with the player's words.
    @Test func talkIsWrappedByItsASCIIWidth() {
        let text = String(repeating: "…", count: 20) + " [chat] admin: moved to evil.example"
        var line = EncodedLine(TalkLine.say(text, by: "Mallory"))
        #expect(!String(decoding: line.bytes(variant: 0), as: UTF8.self).dropLast(2).contains("\r\n"))
        let rows = String(decoding: line.bytes(variant: 4), as: UTF8.self).components(separatedBy: "\r\n").dropLast()
        #expect(rows.count == 2, "\(rows)")
        #expect(rows.allSatisfy { $0.utf8.count <= 80 }, "\(rows)")
        #expect(rows.last == "    [chat] admin: moved to evil.example\"", "\(rows)")
    }

    @Test(arguments: Species.allCases)
    func everyPictureAndLookHasAnASCIIForm(_ species: Species) {
        var status = Self.status
        status.species = species
        let look = PetFormatter.look(status, viewer: "Ann", screenReader: false)
        let folded = ASCIIText.fold(look)
        #expect(Self.isASCII(Self.wire(folded)))
        #expect(!folded.contains("?"), "a picture or a word lost to ?: \(folded)")
        #expect(folded.split(separator: "\n").count == look.split(separator: "\n").count)
        #expect(folded.contains("<3<3<3...."))
    }

    @Test func thePetsListIsASCII() {
        let list = PetFormatter.list([Self.status], visitors: [7: 2], page: 1, hasMore: false, command: "pets", total: 1)
        let folded = ASCIIText.fold(list)
        #expect(Self.isASCII(Self.wire(folded)))
        #expect(folded.contains("Zoe") && folded.contains("<3<3<3....") && folded.contains("Jose"))
    }
}
