extension WebAssets {
    /// One picture per species (`Species.rawValue`), each an SVG `<symbol id="sp-<species>">`
    /// drawn in a 120 × 120 box (shown with a margin, so a round frame clips nothing), drawn with presentation attributes only (no `style`), so the strict
    /// CSP allows them; the page shows one with `<use href="#sp-cat">`.
    static let speciesArt: [(species: String, symbol: String)] = [
        ("cat", #"""
<symbol id="sp-cat" viewBox="-7 -7 134 134">
<path d="M88 98 C112 96 112 66 100 62 C96 61 95 66 99 68 C106 74 102 88 86 90Z" fill="#e08a3c"/>
<ellipse cx="60" cy="94" rx="30" ry="20" fill="#f4a259"/>
<ellipse cx="60" cy="99" rx="16" ry="12" fill="#fde3c4"/>
<polygon points="31,44 34,12 58,32" fill="#f4a259"/><polygon points="89,44 86,12 62,32" fill="#f4a259"/>
<polygon points="36,38 38,20 51,31" fill="#f7a1b5"/><polygon points="84,38 82,20 69,31" fill="#f7a1b5"/>
<circle cx="60" cy="56" r="31" fill="#f4a259"/>
<path d="M52 28 l2 9 M60 26 v10 M68 28 l-2 9" stroke="#d9772f" stroke-width="3" stroke-linecap="round" fill="none"/>
<ellipse cx="60" cy="70" rx="16" ry="11" fill="#fde3c4"/>
<ellipse cx="47" cy="56" rx="5" ry="7" fill="#2b2d42"/><ellipse cx="73" cy="56" rx="5" ry="7" fill="#2b2d42"/>
<circle cx="49" cy="53" r="2" fill="#fff"/><circle cx="75" cy="53" r="2" fill="#fff"/>
<ellipse cx="38" cy="67" rx="5" ry="3" fill="#f27a8a" opacity=".45"/><ellipse cx="82" cy="67" rx="5" ry="3" fill="#f27a8a" opacity=".45"/>
<path d="M56 64 h8 l-4 4z" fill="#e5647a"/>
<path d="M60 68 q-3 5 -8 3 M60 68 q3 5 8 3" stroke="#2b2d42" stroke-width="2" fill="none" stroke-linecap="round"/>
<path d="M42 70 L20 66 M42 74 L20 76 M78 70 L100 66 M78 74 L100 76" stroke="#7a4a24" stroke-width="1.5" stroke-linecap="round"/>
<ellipse cx="48" cy="112" rx="8" ry="5" fill="#fde3c4"/><ellipse cx="72" cy="112" rx="8" ry="5" fill="#fde3c4"/>
</symbol>
"""#),
        ("crab", #"""
<symbol id="sp-crab" viewBox="-7 -7 134 134">
<path d="M34 84 l-16 10 M32 92 l-14 14 M38 98 l-8 14 M86 84 l16 10 M88 92 l14 14 M82 98 l8 14" stroke="#c8412f" stroke-width="5" stroke-linecap="round"/>
<path d="M36 70 Q24 62 22 50 M84 70 Q96 62 98 50" stroke="#c8412f" stroke-width="6" fill="none" stroke-linecap="round"/>
<path d="M22 52 C6 50 4 30 14 22 L22 34 L30 22 C38 32 34 52 22 52Z" fill="#e5533d"/>
<path d="M98 52 C114 50 116 30 106 22 L98 34 L90 22 C82 32 86 52 98 52Z" fill="#e5533d"/>
<ellipse cx="60" cy="80" rx="38" ry="26" fill="#e5533d"/>
<ellipse cx="60" cy="74" rx="26" ry="12" fill="#f07a5f"/>
<path d="M50 58 L47 38 M70 58 L73 38" stroke="#c8412f" stroke-width="4" stroke-linecap="round"/>
<circle cx="47" cy="34" r="9" fill="#fff"/><circle cx="73" cy="34" r="9" fill="#fff"/>
<circle cx="48" cy="35" r="4.5" fill="#2b2d42"/><circle cx="72" cy="35" r="4.5" fill="#2b2d42"/>
<circle cx="49.5" cy="33" r="1.6" fill="#fff"/><circle cx="73.5" cy="33" r="1.6" fill="#fff"/>
<ellipse cx="40" cy="86" rx="5" ry="3" fill="#ffb3a7" opacity=".7"/><ellipse cx="80" cy="86" rx="5" ry="3" fill="#ffb3a7" opacity=".7"/>
<path d="M50 88 Q60 97 70 88" stroke="#2b2d42" stroke-width="2.5" fill="none" stroke-linecap="round"/>
</symbol>
"""#),
        ("dog", #"""
<symbol id="sp-dog" viewBox="-7 -7 134 134">
<ellipse cx="60" cy="102" rx="28" ry="16" fill="#d9a066"/>
<ellipse cx="60" cy="106" rx="14" ry="10" fill="#f3dcc0"/>
<ellipse cx="28" cy="58" rx="11" ry="24" fill="#8c5a3c" transform="rotate(18 28 58)"/>
<ellipse cx="92" cy="58" rx="11" ry="24" fill="#8c5a3c" transform="rotate(-18 92 58)"/>
<circle cx="60" cy="56" r="30" fill="#d9a066"/>
<ellipse cx="74" cy="50" rx="10" ry="11" fill="#b97a45"/>
<ellipse cx="60" cy="72" rx="17" ry="13" fill="#f3dcc0"/>
<circle cx="48" cy="50" r="5" fill="#2b2d42"/><circle cx="73" cy="50" r="5" fill="#2b2d42"/>
<circle cx="50" cy="48" r="1.8" fill="#fff"/><circle cx="75" cy="48" r="1.8" fill="#fff"/>
<ellipse cx="60" cy="65" rx="7" ry="5" fill="#2b2d42"/>
<path d="M60 70 v5 M51 75 Q60 82 69 75" stroke="#2b2d42" stroke-width="2" fill="none" stroke-linecap="round"/>
<path d="M56 78 h8 v6 a4 4 0 0 1 -8 0z" fill="#f27a8a"/>
<path d="M36 86 Q60 96 84 86" stroke="#e63946" stroke-width="6" fill="none" stroke-linecap="round"/>
<circle cx="60" cy="95" r="4" fill="#ffd166"/>
</symbol>
"""#),
        ("fish", #"""
<symbol id="sp-fish" viewBox="-7 -7 134 134">
<circle cx="96" cy="26" r="5" fill="none" stroke="#8ecae6" stroke-width="2"/><circle cx="106" cy="12" r="3" fill="none" stroke="#8ecae6" stroke-width="2"/>
<path d="M84 62 L114 38 Q106 62 114 86Z" fill="#ff9f1c"/>
<path d="M42 42 Q56 20 74 40Z" fill="#ff9f1c"/><path d="M48 80 Q58 98 70 82Z" fill="#ff9f1c"/>
<ellipse cx="54" cy="62" rx="38" ry="26" fill="#ffbf69"/>
<path d="M62 38 Q54 62 62 86 M76 42 Q70 62 76 82" stroke="#ff9f1c" stroke-width="4" fill="none"/>
<circle cx="34" cy="56" r="9" fill="#fff"/><circle cx="32" cy="57" r="5" fill="#2b2d42"/><circle cx="30" cy="55" r="1.8" fill="#fff"/>
<ellipse cx="36" cy="70" rx="5" ry="3" fill="#f27a8a" opacity=".5"/>
<path d="M17 64 Q21 68 25 66" stroke="#2b2d42" stroke-width="2" fill="none" stroke-linecap="round"/>
<path d="M52 64 Q60 72 54 78" stroke="#ff9f1c" stroke-width="3" fill="none" stroke-linecap="round"/>
</symbol>
"""#),
        ("fox", #"""
<symbol id="sp-fox" viewBox="-7 -7 134 134">
<path d="M84 104 C118 104 116 70 102 66 C112 80 100 92 84 92Z" fill="#e8772e"/><path d="M102 66 C112 74 110 86 104 92 C104 82 104 74 102 66Z" fill="#fff5e6"/>
<ellipse cx="60" cy="100" rx="26" ry="16" fill="#e8772e"/><ellipse cx="60" cy="104" rx="12" ry="11" fill="#fff5e6"/>
<polygon points="20,46 24,8 52,32" fill="#e8772e"/><polygon points="100,46 96,8 68,32" fill="#e8772e"/>
<polygon points="27,38 27,18 42,31" fill="#3d2b1f"/><polygon points="93,38 93,18 78,31" fill="#3d2b1f"/>
<path d="M16 44 Q60 20 104 44 Q100 72 60 92 Q20 72 16 44Z" fill="#e8772e"/>
<path d="M22 56 Q42 58 60 72 Q78 58 98 56 Q90 78 60 92 Q30 78 22 56Z" fill="#fff5e6"/>
<path d="M40 52 Q46 46 52 53" stroke="#2b2d42" stroke-width="4" fill="none" stroke-linecap="round"/>
<path d="M68 53 Q74 46 80 52" stroke="#2b2d42" stroke-width="4" fill="none" stroke-linecap="round"/>
<ellipse cx="38" cy="66" rx="5" ry="3" fill="#f27a8a" opacity=".5"/><ellipse cx="82" cy="66" rx="5" ry="3" fill="#f27a8a" opacity=".5"/>
<ellipse cx="60" cy="80" rx="6" ry="4.5" fill="#2b2d42"/>
<path d="M54 86 Q60 90 66 86" stroke="#2b2d42" stroke-width="2" fill="none" stroke-linecap="round"/>
</symbol>
"""#),
        ("phoenix", #"""
<symbol id="sp-phoenix" viewBox="-7 -7 134 134">
<path d="M52 86 Q40 104 44 118 Q52 104 58 94Z M60 88 Q60 106 60 118 Q66 104 64 90Z M68 86 Q80 104 76 118 Q68 104 62 94Z" fill="url(#lp-flame)"/>
<path d="M48 70 C30 66 14 52 8 28 C20 38 24 30 22 20 C32 32 36 30 36 22 C44 38 48 48 56 62Z" fill="url(#lp-flame)"/>
<path d="M72 70 C90 66 106 52 112 28 C100 38 96 30 98 20 C88 32 84 30 84 22 C76 38 72 48 64 62Z" fill="url(#lp-flame)"/>
<ellipse cx="60" cy="72" rx="17" ry="22" fill="#e63946"/>
<ellipse cx="60" cy="78" rx="10" ry="14" fill="#ffb703"/>
<path d="M56 28 Q50 14 56 6 Q58 16 62 18 Q64 8 70 6 Q66 18 66 28Z" fill="#ffb703"/>
<circle cx="60" cy="42" r="15" fill="#e63946"/>
<circle cx="54" cy="40" r="3.5" fill="#2b2d42"/><circle cx="66" cy="40" r="3.5" fill="#2b2d42"/>
<circle cx="55" cy="39" r="1.2" fill="#fff"/><circle cx="67" cy="39" r="1.2" fill="#fff"/>
<path d="M56 47 L64 47 L60 55Z" fill="#ffd166"/>
<ellipse cx="49" cy="47" rx="3.5" ry="2" fill="#ffb3a7" opacity=".7"/><ellipse cx="71" cy="47" rx="3.5" ry="2" fill="#ffb3a7" opacity=".7"/>
</symbol>
"""#),
        ("rabbit", #"""
<symbol id="sp-rabbit" viewBox="-7 -7 134 134">
<ellipse cx="60" cy="102" rx="28" ry="16" fill="#f4f1ec" stroke="#cfc6ba" stroke-width="2"/>
<ellipse cx="45" cy="28" rx="10" ry="26" fill="#f4f1ec" stroke="#cfc6ba" stroke-width="2" transform="rotate(-10 45 28)"/>
<ellipse cx="77" cy="28" rx="10" ry="26" fill="#f4f1ec" stroke="#cfc6ba" stroke-width="2" transform="rotate(12 77 28)"/>
<ellipse cx="45" cy="30" rx="5" ry="18" fill="#f7a1b5" transform="rotate(-10 45 30)"/>
<ellipse cx="77" cy="30" rx="5" ry="18" fill="#f7a1b5" transform="rotate(12 77 30)"/>
<circle cx="60" cy="66" r="28" fill="#f4f1ec" stroke="#cfc6ba" stroke-width="2"/>
<circle cx="49" cy="62" r="4.5" fill="#2b2d42"/><circle cx="71" cy="62" r="4.5" fill="#2b2d42"/>
<circle cx="50.5" cy="60.5" r="1.6" fill="#fff"/><circle cx="72.5" cy="60.5" r="1.6" fill="#fff"/>
<ellipse cx="42" cy="73" rx="5" ry="3" fill="#f27a8a" opacity=".45"/><ellipse cx="78" cy="73" rx="5" ry="3" fill="#f27a8a" opacity=".45"/>
<path d="M56 70 h8 l-4 4z" fill="#e5647a"/>
<path d="M60 74 q-3 4 -7 3 M60 74 q3 4 7 3" stroke="#2b2d42" stroke-width="1.8" fill="none" stroke-linecap="round"/>
<rect x="57" y="77" width="6" height="5" rx="1" fill="#fff" stroke="#cfc6ba"/>
<circle cx="88" cy="104" r="8" fill="#fff" stroke="#cfc6ba" stroke-width="2"/>
</symbol>
"""#),
        ("sea_turtle", #"""
<symbol id="sp-sea_turtle" viewBox="-7 -7 134 134">
<ellipse cx="36" cy="40" rx="9" ry="20" fill="#8bc34a" transform="rotate(-50 36 40)"/>
<ellipse cx="38" cy="86" rx="8" ry="18" fill="#8bc34a" transform="rotate(50 38 86)"/>
<ellipse cx="92" cy="42" rx="7" ry="14" fill="#8bc34a" transform="rotate(50 92 42)"/>
<ellipse cx="92" cy="84" rx="7" ry="14" fill="#8bc34a" transform="rotate(-50 92 84)"/>
<path d="M100 64 L114 60 L104 70Z" fill="#8bc34a"/>
<circle cx="20" cy="62" r="14" fill="#9ccc65"/>
<circle cx="16" cy="58" r="3.5" fill="#2b2d42"/><circle cx="15" cy="57" r="1.2" fill="#fff"/>
<path d="M10 67 Q14 70 18 68" stroke="#2b2d42" stroke-width="1.8" fill="none" stroke-linecap="round"/>
<ellipse cx="23" cy="66" rx="3.5" ry="2" fill="#f27a8a" opacity=".5"/>
<ellipse cx="64" cy="63" rx="38" ry="29" fill="#2e7d5b"/>
<ellipse cx="64" cy="63" rx="32" ry="23" fill="#43a06f"/>
<polygon points="64,48 76,55 76,70 64,77 52,70 52,55" fill="#2e7d5b"/>
<path d="M64 48 V40 M76 55 L88 48 M76 70 L88 78 M64 77 V86 M52 70 L40 78 M52 55 L40 48" stroke="#2e7d5b" stroke-width="3"/>
</symbol>
"""#),
        ("totoro", #"""
<symbol id="sp-totoro" viewBox="-7 -7 134 134">
<path d="M36 30 L34 6 L48 24Z M84 30 L86 6 L72 24Z" fill="#6b7280"/>
<path d="M60 18 C30 18 18 48 16 76 C14 104 34 116 60 116 C86 116 106 104 104 76 C102 48 90 18 60 18Z" fill="#7d8590"/>
<ellipse cx="60" cy="84" rx="30" ry="28" fill="#f1ead8"/>
<path d="M44 70 l4 -4 l4 4 M56 68 l4 -4 l4 4 M68 70 l4 -4 l4 4 M50 80 l4 -4 l4 4 M62 80 l4 -4 l4 4" stroke="#7d8590" stroke-width="2.5" fill="none" stroke-linecap="round" stroke-linejoin="round"/>
<circle cx="44" cy="44" r="8" fill="#fff"/><circle cx="76" cy="44" r="8" fill="#fff"/>
<circle cx="44" cy="44" r="4" fill="#2b2d42"/><circle cx="76" cy="44" r="4" fill="#2b2d42"/>
<circle cx="45.5" cy="42.5" r="1.4" fill="#fff"/><circle cx="77.5" cy="42.5" r="1.4" fill="#fff"/>
<path d="M55 42 Q60 39 65 42 Q60 46 55 42Z" fill="#2b2d42"/>
<path d="M32 52 L14 48 M32 56 L14 58 M88 52 L106 48 M88 56 L106 58" stroke="#3f4650" stroke-width="1.8" stroke-linecap="round"/>
<path d="M48 54 Q60 60 72 54" stroke="#3f4650" stroke-width="2" fill="none" stroke-linecap="round"/>
<ellipse cx="18" cy="84" rx="6" ry="14" fill="#6b7280" transform="rotate(12 18 84)"/><ellipse cx="102" cy="84" rx="6" ry="14" fill="#6b7280" transform="rotate(-12 102 84)"/>
</symbol>
"""#),
    ]

    /// The Lobby's picture, a paw for the header, and the phoenix's flame gradient.
    static let otherSymbols = #"""
<linearGradient id="lp-flame" x1="0" y1="1" x2="0" y2="0"><stop offset="0" stop-color="#e63946"/><stop offset=".55" stop-color="#fb8500"/><stop offset="1" stop-color="#ffd166"/></linearGradient>
<symbol id="sp-paw" viewBox="0 0 120 120">
<ellipse cx="60" cy="78" rx="26" ry="22" fill="currentColor"/>
<ellipse cx="30" cy="46" rx="10" ry="13" fill="currentColor"/><ellipse cx="50" cy="30" rx="10" ry="13" fill="currentColor"/>
<ellipse cx="72" cy="30" rx="10" ry="13" fill="currentColor"/><ellipse cx="92" cy="46" rx="10" ry="13" fill="currentColor"/>
</symbol>
<symbol id="sp-lobby" viewBox="0 0 120 120">
<ellipse cx="60" cy="106" rx="50" ry="8" fill="#8ecae6" opacity=".35"/>
<path d="M16 58 L60 20 L104 58Z" fill="#e07a5f"/>
<rect x="24" y="56" width="72" height="50" rx="4" fill="#f2cc8f"/>
<rect x="50" y="74" width="20" height="32" rx="10" fill="#81b29a"/>
<circle cx="65" cy="90" r="2" fill="#3d405b"/>
<rect x="32" y="66" width="12" height="12" rx="2" fill="#fff"/><rect x="76" y="66" width="12" height="12" rx="2" fill="#fff"/>
<path d="M84 36 V22 h8 V43" fill="#3d405b"/>
<path d="M60 44 c-4 -6 -12 -2 -8 4 l8 7 l8 -7 c4 -6 -4 -10 -8 -4Z" fill="#e63946"/>
</symbol>

"""#

    /// Every symbol, in one hidden `<svg>` at the top of the body.
    static let speciesSymbols: String = {
        var text = #"<svg class="defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>"# + "\n"
        text += otherSymbols
        for art in speciesArt { text += art.symbol + "\n" }
        return text + "</defs></svg>\n"
    }()
}
