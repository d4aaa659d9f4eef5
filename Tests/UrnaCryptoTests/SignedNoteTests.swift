import Foundation
import Testing
import UrnaCrypto

private struct NoteVectors: Decodable {
    struct GoExample: Decodable {
        let signerKey: String
        let verifierKey: String
        let text: String
        let note: String
    }
    struct Cosignature: Decodable {
        let witnessSeed: String
        let witnessName: String
        let witnessVerifierKey: String
        let witnessSignerKey: String
        let keyID: String
        let time: UInt64
        let checkpointBody: String
        let signedMessage: String
        let cosignatureLine: String
        let note: String
    }
    struct VerifierKeys: Decodable {
        struct Valid: Decodable {
            let key: String
            let type: UInt8
            let name: String
            let keyID: String
        }
        let valid: [Valid]
        let invalid: [String]
    }
    let goNoteExample: GoExample
    let cosignature: Cosignature
    let verifierKeys: VerifierKeys

    static func load() throws -> NoteVectors {
        let url = try #require(Bundle.module.url(forResource: "c2sp_signed_note", withExtension: "json", subdirectory: "Resources"))
        return try JSONDecoder().decode(NoteVectors.self, from: Data(contentsOf: url))
    }
}

private func code(_ body: () throws -> Void) -> CryptoError.Code? {
    do {
        try body()
        return nil
    } catch let error as CryptoError {
        return error.code
    } catch {
        return CryptoError.Code(rawValue: "unexpected \(error)")
    }
}

@Suite struct SignedNoteTests {
    // MARK: Known answers

    @Test func goSumdbNoteExample() throws {
        let vectors = try NoteVectors.load().goNoteExample
        let signer = try NoteSigner(signerKey: vectors.signerKey)
        #expect(signer.name == "PeterNeumann")
        #expect(signer.keyID == 0xc74f_20a3)
        #expect(signer.signerKeyString == vectors.signerKey)
        #expect(signer.verifier.verifierKeyString == vectors.verifierKey)
        let note = try SignedNote.sign(text: vectors.text, signers: [signer])
        #expect(note.serialized == vectors.note)

        let verifier = try NoteVerifier(verifierKey: vectors.verifierKey)
        #expect(verifier == signer.verifier)
        let parsed = try SignedNote(parsing: vectors.note)
        #expect(parsed.text == vectors.text)
        #expect(parsed == note)
        #expect(try parsed.verify(verifiers: [verifier]) == [verifier])
    }

    @Test func verifierKeyIDsFromOtherImplementations() throws {
        let vectors = try NoteVectors.load().verifierKeys
        for vector in vectors.valid {
            let verifier = try NoteVerifier(verifierKey: vector.key)
            #expect(verifier.name == vector.name)
            #expect(verifier.type.rawValue == vector.type)
            #expect(DomainHash.uint32(verifier.keyID).hex == vector.keyID)
            #expect(verifier.verifierKeyString == vector.key)
        }
        for key in vectors.invalid {
            #expect(code { _ = try NoteVerifier(verifierKey: key) } == .invalidNoteKey, "\(key)")
        }
    }

    @Test func cosignatureKnownAnswer() throws {
        let vectors = try NoteVectors.load().cosignature
        #expect(CosignatureV1.signedMessage(checkpointBody: vectors.checkpointBody, time: vectors.time)
            == Array(vectors.signedMessage.utf8))
        let key = try Ed25519PrivateKey(rawRepresentation: Hex.decode(vectors.witnessSeed))
        let cosigner = try CosignatureSigner(name: vectors.witnessName, privateKey: key)
        #expect(DomainHash.uint32(cosigner.keyID).hex == vectors.keyID)
        #expect(cosigner.verifier.verifierKeyString == vectors.witnessVerifierKey)
        #expect(cosigner.signerKeyString == vectors.witnessSignerKey)
        #expect(try CosignatureSigner(signerKey: vectors.witnessSignerKey).verifier == cosigner.verifier)
        let line = try cosigner.cosign(checkpointBody: vectors.checkpointBody, time: vectors.time)
        #expect(line.line == vectors.cosignatureLine)
        #expect(line.signature.count == 72)

        let note = try SignedNote(parsing: vectors.note)
        #expect(note.serialized == vectors.note)
        let verifier = try NoteVerifier(verifierKey: vectors.witnessVerifierKey)
        #expect(verifier.type == .cosignatureV1)
        // The log's own line is from an unknown key and is ignored.
        let verified = try note.verifySignatures(verifiers: [verifier])
        #expect(verified.map(\.verifier) == [verifier])
        #expect(verified.map(\.timestamp) == [vectors.time])
        // The same key as a type-0x01 verifier does not match the cosignature's key ID.
        let plain = try NoteVerifier(name: vectors.witnessName, publicKey: key.publicKey)
        #expect(code { _ = try note.verify(verifiers: [plain]) } == .noteUnverified)
    }

    // MARK: Round trips

    @Test func multipleSignersAndSubsets() throws {
        let log = try NoteSigner(name: "urna.example/election-1", privateKey: Ed25519PrivateKey())
        let backup = try NoteSigner(name: "urna.example/backup", privateKey: Ed25519PrivateKey())
        let text = "urna.example/election-1\n7\nq1bZ4lmpQ7XUefxeYUNd3ADiBTnwL6Y5rHjTQ5hA1QE=\n"
        let note = try SignedNote.sign(text: text, signers: [log, backup])
        #expect(note.signatures.count == 2)
        let parsed = try SignedNote(parsing: note.serialized)
        #expect(parsed == note)
        #expect(try parsed.verify(verifiers: [log.verifier]) == [log.verifier])
        #expect(try parsed.verify(verifiers: [backup.verifier, log.verifier]) == [log.verifier, backup.verifier])
        // A verifier listed twice is harmless.
        #expect(try parsed.verify(verifiers: [log.verifier, log.verifier]) == [log.verifier])
        // A line repeated in the note is reported once.
        let doubled = try note.adding([note.signatures[0]])
        #expect(try doubled.verify(verifiers: [log.verifier]) == [log.verifier])
    }

    @Test func cosignedCheckpointVerifiesBothKinds() throws {
        let log = try NoteSigner(name: "urna.example/log", privateKey: Ed25519PrivateKey())
        let witness = try CosignatureSigner(name: "observer.example/w1", privateKey: Ed25519PrivateKey())
        let body = "urna.example/log\n3\nq1bZ4lmpQ7XUefxeYUNd3ADiBTnwL6Y5rHjTQ5hA1QE=\nchain 00ff\n"
        let note = try SignedNote.sign(text: body, signers: [log]).cosigned(by: witness, time: 1_700_000_000)
        let parsed = try SignedNote(parsing: note.serialized)
        let verified = try parsed.verifySignatures(verifiers: [log.verifier, witness.verifier])
        #expect(verified.map(\.verifier) == [log.verifier, witness.verifier])
        #expect(verified.map(\.timestamp) == [nil, 1_700_000_000])
        // The same Ed25519 key as a plain note verifier has another key ID: the cosignature
        // is then from an unknown key.
        let plain = try NoteVerifier(name: witness.name, publicKey: witness.verifier.publicKey, type: .ed25519)
        #expect(plain.keyID != witness.keyID)
        #expect(code { _ = try parsed.verify(verifiers: [plain]) } == .noteUnverified)
    }

    @Test func textMayContainEmptyLines() throws {
        let signer = try NoteSigner(name: "example.com/a", privateKey: Ed25519PrivateKey())
        for text in ["a\n\nb\n", "Note\n\n", "\n", "ünïcode — text\n"] {
            let note = try SignedNote.sign(text: text, signers: [signer])
            let parsed = try SignedNote(parsing: note.serialized)
            #expect(parsed.text == text)
            #expect(try parsed.verify(verifiers: [signer.verifier]) == [signer.verifier])
        }
    }

    // MARK: Verification failures

    @Test func tamperedNotesAreRejected() throws {
        let signer = try NoteSigner(name: "urna.example/log", privateKey: Ed25519PrivateKey())
        let witness = try CosignatureSigner(name: "w.example", privateKey: Ed25519PrivateKey())
        let body = "urna.example/log\n3\nq1bZ4lmpQ7XUefxeYUNd3ADiBTnwL6Y5rHjTQ5hA1QE=\n"
        let note = try SignedNote.sign(text: body, signers: [signer]).cosigned(by: witness, time: 1_700_000_000)

        // Changed text (the size line).
        let changed = try SignedNote(text: body.replacingOccurrences(of: "\n3\n", with: "\n4\n"), signatures: note.signatures)
        #expect(code { _ = try changed.verify(verifiers: [signer.verifier]) } == .noteSignatureInvalid)
        #expect(code { _ = try changed.verify(verifiers: [witness.verifier]) } == .noteSignatureInvalid)

        // A flipped signature byte, and a changed cosignature timestamp.
        for (index, position) in [(0, 10), (1, 3), (1, 40)] {
            var signatures = note.signatures
            var bytes = signatures[index].signature
            bytes[position] ^= 0x01
            signatures[index] = try NoteSignature(name: signatures[index].name, keyID: signatures[index].keyID, signature: bytes)
            let tampered = try SignedNote(text: body, signatures: signatures)
            #expect(code { _ = try tampered.verify(verifiers: [signer.verifier, witness.verifier]) } == .noteSignatureInvalid)
        }

        // A known name and key ID with the wrong key's signature.
        let impostor = try Ed25519PrivateKey()
        let forged = try NoteSignature(name: signer.name, keyID: signer.keyID, signature: impostor.signature(for: Array(body.utf8)))
        #expect(code { _ = try SignedNote(text: body, signatures: [forged]).verify(verifiers: [signer.verifier]) } == .noteSignatureInvalid)

        // A known key's line with a signature of the wrong length.
        let short = try NoteSignature(name: signer.name, keyID: signer.keyID, signature: [1, 2, 3])
        #expect(code { _ = try SignedNote(text: body, signatures: [short]).verify(verifiers: [signer.verifier]) } == .noteSignatureInvalid)

        // A bad known signature poisons the note even when another known key verifies.
        let mixed = try SignedNote(text: body, signatures: [note.signatures[0], forged])
        #expect(code { _ = try mixed.verify(verifiers: [signer.verifier]) } == .noteSignatureInvalid)
    }

    @Test func unknownKeysAreIgnoredButSomeKnownKeyIsRequired() throws {
        let signer = try NoteSigner(name: "urna.example/log", privateKey: Ed25519PrivateKey())
        let text = "hello\n"
        let note = try SignedNote.sign(text: text, signers: [signer])
        // Same name, other key (so another key ID): unknown, hence ignored.
        let sameName = try NoteSigner(name: signer.name, privateKey: Ed25519PrivateKey())
        #expect(code { _ = try note.verify(verifiers: [sameName.verifier]) } == .noteUnverified)
        // Same key ID value under another name: unknown.
        let otherName = try NoteSignature(name: "other.example", keyID: signer.keyID, signature: note.signatures[0].signature)
        let renamed = try SignedNote(text: text, signatures: [otherName])
        #expect(code { _ = try renamed.verify(verifiers: [signer.verifier]) } == .noteUnverified)
        // An unknown garbage line next to a good one is ignored.
        let garbage = try NoteSignature(name: "x.example", keyID: 7, signature: [0xde, 0xad])
        let withGarbage = try note.adding([garbage])
        #expect(try SignedNote(parsing: withGarbage.serialized).verify(verifiers: [signer.verifier]) == [signer.verifier])
        #expect(code { _ = try note.verify(verifiers: []) } == .noteUnverified)
    }

    // MARK: Parsing

    @Test func malformedNotesAreRejected() throws {
        let signer = try NoteSigner(name: "example.com/k", privateKey: Ed25519PrivateKey())
        let good = try SignedNote.sign(text: "line\n", signers: [signer]).serialized
        let line = String(good.dropFirst("line\n\n".count))
        let encoded = String(line.dropFirst(2 + signer.name.count + 1).dropLast())
        let cases: [(String, String)] = [
            ("no blank line", "line\n" + line),
            ("no signatures", "line\n\n"),
            ("missing final newline", String(good.dropLast())),
            ("carriage return", good.replacingOccurrences(of: "line\n", with: "line\r\n")),
            ("tab in text", "li\tne\n\n" + line),
            ("hyphen instead of em dash", "line\n\n- " + line.dropFirst(2)),
            ("em dash without space", "line\n\n\u{2014}" + line.dropFirst(2)),
            ("no space before signature", "line\n\n\u{2014} " + signer.name + encoded + "\n"),
            ("unpadded base64", "line\n\n\u{2014} k " + encoded.replacingOccurrences(of: "=", with: "") + "\n"),
            ("non-canonical base64", "line\n\n\u{2014} k AAAAAAB=\n"),
            ("four-byte signature", "line\n\n\u{2014} k AAAAAA==\n"),
            ("empty key name", "line\n\n\u{2014}  " + encoded + "\n"),
        ]
        for (label, text) in cases {
            let result = code { _ = try SignedNote(parsing: text) }
            #expect(result == .malformedNote || result == .invalidKeyName, "\(label): \(String(describing: result))")
        }
        #expect(code { _ = try SignedNote(parsing: "line\n\n\u{2014} a+b " + encoded + "\n") } == .invalidKeyName)
        // An empty line among signature lines: the last empty line separates text from
        // signatures, so the first signature line becomes text and no longer verifies.
        let shifted = try SignedNote(parsing: good + "\n" + line)
        #expect(shifted.text == "line\n\n" + line)
        #expect(shifted.signatures.count == 1)
        #expect(code { _ = try shifted.verify(verifiers: [signer.verifier]) } == .noteSignatureInvalid)
        #expect(code { _ = try SignedNote(bytes: Array("line\n\n".utf8) + [0xff] + Array(line.utf8)) } == .malformedNote)
        let many = "line\n\n" + String(repeating: line, count: SignedNote.maximumSignatureCount + 1)
        #expect(code { _ = try SignedNote(parsing: many) } == .malformedNote)
        let sixteen = "line\n\n" + String(repeating: line, count: 16)
        #expect(try SignedNote(parsing: sixteen).signatures.count == 16)
    }

    @Test func signingRejectsBadTextAndNames() throws {
        let key = try Ed25519PrivateKey()
        let signer = try NoteSigner(name: "example.com/k", privateKey: key)
        for text in ["", "no newline", "bell\u{07}\n", "cr\r\n"] {
            #expect(code { _ = try signer.sign(text: text) } == .malformedNote, "\(text.debugDescription)")
        }
        #expect(code { _ = try SignedNote.sign(text: "x\n", signers: []) } == .invalidParameter)
        for name in ["", "a b", "a+b", "a\tb", "a\u{00A0}b", "a\u{2003}b", "a\u{7F}b", String(repeating: "n", count: 257)] {
            #expect(code { _ = try NoteSigner(name: name, privateKey: key) } == .invalidKeyName, "\(name.debugDescription)")
            #expect(code { _ = try CosignatureSigner(name: name, privateKey: key) } == .invalidKeyName)
        }
        #expect(code { _ = try signer.verifier.publicKey.verify(signature: [], for: []) } == .signatureInvalid)
    }

    @Test func keyStringsRejectMismatchesAndBadFields() throws {
        let vectors = try NoteVectors.load().goNoteExample
        let vkey = vectors.verifierKey
        let keyData = String(vkey.split(separator: "+", maxSplits: 2)[2])
        let cases = [
            "PeterNeumann+00000000+" + keyData,             // wrong key ID
            "PeterNeumann+C74F20A3+" + keyData,             // upper-case hex
            "PeterNeumann+c74f20a+" + keyData,              // 7 hex digits
            "PeterNeumann2+c74f20a3+" + keyData,            // other name, same ID
            "PeterNeumann+c74f20a3+" + String(keyData.dropLast(4)),  // short key data
            "PeterNeumann+c74f20a3+Ahpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  // type 0x02
        ]
        for key in cases {
            #expect(code { _ = try NoteVerifier(verifierKey: key) } == .invalidNoteKey, "\(key)")
        }
        #expect(code { _ = try NoteVerifier(verifierKey: "Peter Neumann+c74f20a3+" + keyData) } == .invalidKeyName)
        let skey = vectors.signerKey
        #expect(code { _ = try NoteSigner(signerKey: skey.replacingOccurrences(of: "c74f20a3", with: "c74f20a4")) } == .invalidNoteKey)
        #expect(code { _ = try NoteSigner(signerKey: String(skey.dropFirst("PRIVATE+".count))) } == .invalidNoteKey)
        #expect(code { _ = try NoteSigner(signerKey: vkey) } == .invalidNoteKey)
        let witness = try NoteVectors.load().cosignature.witnessSignerKey
        #expect(code { _ = try NoteSigner(signerKey: witness) } == .invalidNoteKey)
    }
}
