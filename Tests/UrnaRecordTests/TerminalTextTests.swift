import Testing
import UrnaRecord

@Suite struct TerminalTextTests {
    @Test func controlsBecomeVisibleEscapes() {
        #expect(TerminalText.escaped("a\nb") == "a\\u{A}b")
        #expect(TerminalText.escaped("\u{1B}[8mhidden") == "\\u{1B}[8mhidden")
        #expect(TerminalText.escaped("\u{0}\t\r\u{7F}\u{85}\u{9B}") == "\\u{0}\\u{9}\\u{D}\\u{7F}\\u{85}\\u{9B}")
        #expect(TerminalText.escaped("abc\u{202E}cba\u{2066}x\u{2069}") == "abc\\u{202E}cba\\u{2066}x\\u{2069}")
        #expect(TerminalText.escaped("line\u{2028}para\u{2029}") == "line\\u{2028}para\\u{2029}")
    }

    @Test func backslashIsDoubledSoEscapesAreUnambiguous() {
        // A title that spells an escape is not confused with a real control character.
        #expect(TerminalText.escaped("\\u{1B}") == "\\\\u{1B}")
        #expect(TerminalText.escaped("\u{1B}") != TerminalText.escaped("\\u{1B}"))
    }

    @Test func ordinaryTextIsUnchanged() {
        for text in ["City election 2026", "Élection — Zoë’s city", "Ελένη", "رئيس البلدية", "北区 ✓ 🗳️", "", "e\u{301}"] {
            #expect(TerminalText.escaped(text) == text)
        }
    }

    @Test func noOutputHoldsARawControl() {
        var all = ""
        for value in Array(0x00...0xA0) + Array(0x2020...0x2070) {
            if let scalar = Unicode.Scalar(value) { all.unicodeScalars.append(scalar) }
        }
        let escaped = TerminalText.escaped(all)
        #expect(!escaped.unicodeScalars.contains(where: TerminalText.isControl))
        #expect(escaped.contains("\\u{1B}"))
    }

    @Test func escapedLinesKeepsLineBreaksOnly() {
        #expect(TerminalText.escapedLines("one\u{1B}[8m\ntwo\r\n") == "one\\u{1B}[8m\ntwo\\u{D}\n")
        // Already-escaped fields are not escaped twice.
        let field = TerminalText.escaped("a\u{1B}b\\c")
        #expect(TerminalText.escapedLines("x " + field + "\n") == "x " + field + "\n")
    }

    @Test func codePointsAreNamedLikeUnicode() {
        #expect(TerminalText.codePoint("\u{1B}") == "U+001B")
        #expect(TerminalText.codePoint("\u{202E}") == "U+202E")
        #expect(TerminalText.firstControl(in: "ok\u{85}\n") == "\u{85}")
        #expect(TerminalText.firstControl(in: "ok") == nil)
    }
}
