import UrnaCrypto

/// One entry as one line of the JSON Lines export (`Specs/ledger.md` §6.1):
///
/// ```
/// {"seq":<dec>,"kind":"<kind>","time":<dec>,"prev":"<hex>","hash":"<hex>","body":"<base64>"}\n
/// ```
///
/// The member order, the absence of whitespace and every encoding are fixed, so each entry has
/// exactly one line and the line is still plain JSON. `body` is the standard base64 (with
/// padding) of the stored body bytes, so the exact hashed bytes come back. The decoder
/// accepts only that exact form, and checks the entry hash.
public enum EntryLine {
    /// Longest accepted line (without its newline): a body of ``Entry/maxBodySize`` plus the
    /// fixed members.
    public static let maxLineLength = (Entry.maxBodySize + 2) / 3 * 4 + 512

    /// The line for `entry`, with its final `\n`.
    public static func encode(_ entry: Entry) -> [UInt8] {
        var line = [UInt8]()
        line.reserveCapacity(220 + entry.body.count * 4 / 3)
        line += Array("{\"seq\":\(entry.seq),\"kind\":\"\(entry.kind)\",\"time\":\(entry.time),\"prev\":\"".utf8)
        line += Array(entry.prev.hex.utf8)
        line += Array("\",\"hash\":\"".utf8)
        line += Array(entry.hash.hex.utf8)
        line += Array("\",\"body\":\"".utf8)
        line += Array(LedgerBase64.encode(entry.body).utf8)
        line += Array("\"}\n".utf8)
        return line
    }

    /// The fields of one line, parsed exactly (`Specs/ledger.md` §6.1) but with the hash not yet
    /// checked: a verifier recomputes it and reports a mismatch as its own finding.
    public struct Fields: Sendable {
        public let seq: UInt64
        public let kind: String
        public let time: Int64
        public let prev: [UInt8]
        public let hash: [UInt8]
        public let body: [UInt8]
    }

    /// Parses one line (without its final newline). Throws `invalid-encoding`; a bad body names the entry.
    public static func parse(_ line: ArraySlice<UInt8>) throws -> Fields {
        var cursor = Cursor(bytes: line)
        try cursor.expect("{\"seq\":")
        let seq = try cursor.decimal("seq")
        try cursor.expect(",\"kind\":\"")
        let kind = String(decoding: try cursor.until(quote: "kind"), as: UTF8.self)
        try cursor.expect(",\"time\":")
        let time = try cursor.decimal("time")
        try cursor.expect(",\"prev\":\"")
        let prev = try cursor.hex("prev")
        try cursor.expect(",\"hash\":\"")
        let hash = try cursor.hex("hash")
        try cursor.expect(",\"body\":\"")
        let bodyText = String(decoding: try cursor.until(quote: "body"), as: UTF8.self)
        try cursor.expect("}")
        guard cursor.atEnd else {
            throw LedgerError(.invalidEncoding, "trailing bytes after the entry object")
        }
        let body: [UInt8]
        do {
            body = try LedgerBase64.decode(bodyText)
        } catch {
            throw LedgerError(.invalidEncoding, "entry \(seq): body is not canonical base64", detail: .entry(seq: seq))
        }
        return Fields(seq: seq, kind: kind, time: Int64(time), prev: prev, hash: hash, body: body)
    }

    /// Decodes one line (without its final newline) and checks its hash.
    public static func decode(_ line: ArraySlice<UInt8>) throws -> Entry {
        let fields = try parse(line)
        // Kind characters are checked by Entry (a-z, 0-9, -), so no JSON escape can hide in it.
        return try Entry(seq: fields.seq, kind: fields.kind, time: fields.time, body: fields.body, prev: fields.prev,
                         hash: fields.hash)
    }

    private struct Cursor {
        let bytes: ArraySlice<UInt8>
        var position: Int

        init(bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            self.position = bytes.startIndex
        }

        var atEnd: Bool { position == bytes.endIndex }

        mutating func expect(_ literal: String) throws {
            for byte in literal.utf8 {
                guard position < bytes.endIndex, bytes[position] == byte else {
                    throw LedgerError(.invalidEncoding, "expected \(literal) at column \(position - bytes.startIndex + 1)")
                }
                position += 1
            }
        }

        /// A decimal with no sign and no leading zero, at most 2^63-1.
        mutating func decimal(_ name: String) throws -> UInt64 {
            let start = position
            var value: UInt64 = 0
            while position < bytes.endIndex, bytes[position] >= 0x30, bytes[position] <= 0x39 {
                let digit = UInt64(bytes[position] - 0x30)
                let (times10, o1) = value.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(digit)
                guard !o1, !o2, sum <= UInt64(Int64.max) else {
                    throw LedgerError(.invalidEncoding, "\(name) exceeds 2^63-1")
                }
                value = sum
                position += 1
            }
            let length = position - start
            guard length > 0, length == 1 || bytes[start] != 0x30 else {
                throw LedgerError(.invalidEncoding, "\(name) is not a canonical decimal")
            }
            return value
        }

        /// The bytes up to the next `"`, which is consumed.
        mutating func until(quote name: String) throws -> ArraySlice<UInt8> {
            let start = position
            while position < bytes.endIndex, bytes[position] != UInt8(ascii: "\"") {
                guard bytes[position] != UInt8(ascii: "\\") else {
                    throw LedgerError(.invalidEncoding, "\(name) contains an escape")
                }
                position += 1
            }
            guard position < bytes.endIndex else {
                throw LedgerError(.invalidEncoding, "\(name) string is not terminated")
            }
            let value = bytes[start..<position]
            position += 1
            return value
        }

        /// 64 lowercase hex digits followed by `"`.
        mutating func hex(_ name: String) throws -> [UInt8] {
            let text = String(decoding: try until(quote: name), as: UTF8.self)
            guard text.utf8.count == 64, let value = try? Hex.decode(text) else {
                throw LedgerError(.invalidEncoding, "\(name) is not 64 lowercase hex digits")
            }
            return value
        }
    }
}
