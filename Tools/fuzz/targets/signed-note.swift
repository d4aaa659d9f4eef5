import UrnaCrypto
import UrnaLedger

// libFuzzer target: C2SP signed notes, checkpoints and cosignatures, as a witness, a follower or
// a voter's client reads them from a service. The note is checked against a fixed key (which
// signed none of the inputs, unless the fuzzer forges Ed25519), so the signature paths run too.
// Besides "no crash", it checks that a parsed note re-serializes to the bytes it was read from
// and that a checkpoint's text survives its own round trip.
let verifier: NoteVerifier = {
    // A fixed, valid verifier key for the origin "fuzz.example/log" (from NoteSigner's own format).
    do {
        let key = try Ed25519PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32))
        return try NoteSigner(name: "fuzz.example/log", privateKey: key).verifier
    } catch {
        fatalError("fuzz set-up: the fixed verifier key does not build: \(error)")
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSignedNote(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let note = try? SignedNote(bytes: bytes) {
        guard note.serializedBytes == bytes else { fatalError("fuzz invariant broken: a parsed note does not re-serialize to its bytes") }
        if (try? note.verify(verifiers: [verifier])) != nil {
            fatalError("fuzz invariant broken: a note verified under a key that signed nothing")
        }
        _ = try? note.verifySignatures(verifiers: [verifier])
        if let checkpoint = try? Checkpoint(text: note.text) {
            guard (try? Checkpoint(text: checkpoint.text)) == checkpoint else {
                fatalError("fuzz invariant broken: a checkpoint does not survive its own text")
            }
        }
    }
    if let text = String(validating: bytes, as: UTF8.self) {
        _ = try? Checkpoint(text: text)
        _ = try? NoteVerifier(verifierKey: text)
        _ = try? SignedNote(parsing: text)
    }
    return 0
}
