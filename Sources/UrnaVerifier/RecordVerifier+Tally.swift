import UrnaCrypto
import UrnaLedger
import UrnaRecord

/// Tally, decryption shares and the result (`Specs/election-record.md` §4.8–§4.10). PENDING: the
/// checks come from the trustee branch's `TallyCheck`.
extension RecordVerifier {
    func handleTally(_ entry: RecordEntry) {
        state.tallySeq = entry.seq
    }

    func handleTallyShare(_ entry: RecordEntry) {}

    func handleResult(_ entry: RecordEntry) {
        state.publishedResult = try? CanonicalJSON.decode(ResultBody.self, from: entry.body)
    }
}
