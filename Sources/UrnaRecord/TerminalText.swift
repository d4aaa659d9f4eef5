/// Makes strings from a record or a user safe to print on a terminal (review finding 10).
///
/// A record is written by parties the reader does not trust. Printed raw, a title holding a
/// newline and an escape sequence (for example SGR 8, "conceal") can forge report lines and
/// hide the real ones. Every program escapes such strings where it prints them; the manifest
/// refuses them outright (`Specs/election-record.md` §2).
public enum TerminalText {
    /// True for a scalar a terminal acts on rather than shows: C0 controls (U+0000–U+001F),
    /// DEL (U+007F), C1 controls (U+0080–U+009F), the bidi embeddings, overrides and isolates
    /// (U+202A–U+202E, U+2066–U+2069) and the line and paragraph separators (U+2028, U+2029).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1f, 0x7f...0x9f, 0x2028...0x2029, 0x202a...0x202e, 0x2066...0x2069: true
        default: false
        }
    }

    /// The first control scalar of `text` (``isControl(_:)``), or nil.
    public static func firstControl(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isControl)
    }

    /// `U+001B`: how errors name a scalar.
    public static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// `text` with every control scalar written as a visible escape `\u{1B}` and every
    /// backslash doubled (so an escape in the output is never ambiguous). Everything else,
    /// letters of any script included, is kept.
    public static func escaped(_ text: String) -> String {
        escaped(text, keepingNewlines: false)
    }

    /// Multi-line text built by a program: every control character but U+000A escaped,
    /// backslashes kept (so text whose fields were escaped already is not escaped twice).
    /// A last guard before writing diagnostics, or for a renderer that did not escape its
    /// fields: no escape sequence or bidi control gets through, though a newline inside a
    /// field still starts a line.
    public static func escapedLines(_ text: String) -> String {
        escaped(text, keepingNewlines: true)
    }

    static func escaped(_ text: String, keepingNewlines: Bool) -> String {
        func plain(_ scalar: Unicode.Scalar) -> Bool {
            keepingNewlines ? (!isControl(scalar) || scalar == "\n") : (!isControl(scalar) && scalar != "\\")
        }
        guard !text.unicodeScalars.allSatisfy(plain) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if plain(scalar) {
                out.append(scalar)
            } else if scalar == "\\" {
                out.append(contentsOf: "\\\\".unicodeScalars)
            } else {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            }
        }
        return String(out)
    }
}
