import Testing
@testable import LivePet
import LivePetSession
import LivePetWorld

/// The browser client's assets, checked as text: they must run under the strict CSP
/// (`default-src 'none'; script-src 'self'; style-src 'self'; ...`), load nothing from another
/// origin, never turn server text into HTML, and have a picture for every species.
@Suite struct WebAssetsTests {
    let html = WebAssets.html
    let js = WebAssets.js
    let css = WebAssets.css

    /// The values of every `src=` and `href=` attribute in the page.
    func references() throws -> [String] {
        try html.matches(of: Regex(#"\b(?:src|href)\s*=\s*"([^"]*)""#)).compactMap { $0.output[1].substring.map(String.init) }
    }

    /// How often `pattern` matches `text`.
    func count(_ pattern: String, in text: String) throws -> Int {
        try text.matches(of: Regex(pattern)).count
    }

    @Test func thePageLoadsOnlyItsOwnScriptAndStyleSheet() throws {
        #expect(html.contains(#"<script src="/app.js" defer></script>"#))
        #expect(html.contains(#"<link rel="stylesheet" href="/app.css">"#))
        let external = try references().filter { !$0.hasPrefix("#") }
        #expect(external.sorted() == ["/app.css", "/app.js"], "anything else would be fetched: \(external)")
    }

    @Test func nothingInlineThatTheCSPWouldBlock() throws {
        let scripts = try html.matches(of: Regex(#"(?i)<script\b[^>]*>([\s\S]*?)</script\s*>"#))
        #expect(scripts.count == 1)
        for script in scripts {
            let body = script.output[1].substring.map(String.init) ?? ""
            let blank = body.allSatisfy(\.isWhitespace)
            #expect(blank, "inline script: \(body.prefix(60))")
        }
        let scriptTags = try count(#"(?i)<script\b"#, in: html)
        let styleBlocks = try count(#"(?i)<style\b"#, in: html)
        let styleAttributes = try count(#"(?i)\sstyle\s*="#, in: html)
        let handlers = try count(#"(?i)\son[a-z]+\s*="#, in: html)
        #expect(scriptTags == 1)
        #expect(styleBlocks == 0, "a <style> block")
        #expect(styleAttributes == 0, "a style= attribute")
        #expect(handlers == 0, "an on...= handler attribute")
        #expect(!html.lowercased().contains("javascript:"))
        #expect(!css.contains("@import") && !css.contains("url("), "the style sheet loads nothing")
    }

    @Test func noURLsToOtherOrigins() throws {
        // The SVG namespace is a name, not a request (createElementNS); nothing else may appear.
        let scriptWithoutNamespace = js.replacing(#""http://www.w3.org/2000/svg""#, with: "")
        for (name, text) in [("html", html), ("js", scriptWithoutNamespace), ("css", css)] {
            #expect(!text.lowercased().contains("http:"), "\(name) names an http: URL")
            #expect(!text.lowercased().contains("https:") || name == "js", "\(name) names an https: URL")
            let protocolRelative = try count(#"["'(]//[a-z0-9]"#, in: text)
            #expect(protocolRelative == 0, "\(name) has a protocol-relative URL")
        }
        // The only use of "https:" in the script is choosing wss: for the socket.
        #expect(scriptWithoutNamespace.split(separator: "https:", omittingEmptySubsequences: false).count == 2)
        #expect(js.contains(#"new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws")"#))
    }

    @Test func everySpeciesHasAPicture() {
        #expect(WebAssets.speciesArt.map(\.species) == Species.allCases.map(\.rawValue))
        for species in Species.allCases {
            let id = "sp-\(species.rawValue)"
            #expect(html.contains(#"<symbol id="\#(id)" viewBox="#), "no picture for \(species)")
            #expect(js.contains("\"\(species.rawValue)\""), "the script does not know \(species)")
            let art = WebAssets.speciesArt.first { $0.species == species.rawValue }?.symbol ?? ""
            #expect(art.hasPrefix("<symbol id=\"\(id)\"") && art.hasSuffix("</symbol>"))
            #expect(art.split(separator: "<").count > 8, "\(species)'s picture is too plain")
        }
        for extra in ["sp-lobby", "sp-paw", "lp-flame"] { #expect(html.contains("id=\"\(extra)\"")) }
    }

    @Test func theScriptNeverParsesHTML() {
        for banned in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                       "setAttribute(\"style\"", "cssText", "DOMParser", "createContextualFragment"] {
            #expect(!js.contains(banned), "app.js uses \(banned)")
        }
    }

    @Test func everyElementTheScriptLooksUpIsInThePage() throws {
        let ids = try js.matches(of: Regex(#"\$\("([a-z0-9-]+)"\)"#)).compactMap { $0.output[1].substring.map(String.init) }
        #expect(ids.count > 20)
        for id in Set(ids) { #expect(html.contains("id=\"\(id)\""), "app.js looks up #\(id), which the page lacks") }
        for command in ["feed", "treat", "leave", "look"] {
            #expect(html.contains("data-cmd=\"\(command)\""), "no button sends \(command)")
            #expect(CommandCatalog.all.contains { $0.name == command }, "\(command) is not a command")
        }
        #expect(CommandCatalog.all.contains { $0.name == "visit" } && js.contains(#""visit #" + p.id"#))
    }

    @Test func accessibleLandmarks() {
        #expect(html.contains(#"<html lang="en">"#))
        #expect(html.contains(#"role="log" aria-live="polite""#))
        #expect(html.contains(#"role="status""#))
        #expect(html.contains(#"<label id="prompt" class="prompt" for="input">"#))
        #expect(html.contains(#"name="viewport""#))
    }

    @Test func sizesAndLookup() {
        #expect((8_000..<64_000).contains(html.utf8.count), "html: \(html.utf8.count) bytes")
        #expect((8_000..<64_000).contains(js.utf8.count), "js: \(js.utf8.count) bytes")
        #expect((2_000..<32_000).contains(css.utf8.count), "css: \(css.utf8.count) bytes")
        #expect(WebAssets.asset(at: "/")?.contentType == "text/html; charset=utf-8")
        #expect(WebAssets.asset(at: "/app.js")?.body == js)
        #expect(WebAssets.asset(at: "/app.css")?.contentType == "text/css; charset=utf-8")
        #expect(WebAssets.asset(at: "/app.js.map") == nil)
        #expect(WebAssets.asset(at: "/index.html") == nil)
    }
}
