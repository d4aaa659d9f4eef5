import Foundation
import Testing
import UrnaCrypto
import UrnaRecord
@testable import UrnaTrustee

/// A key file decrypts one tally per election: a fork of the record with fewer ballots (which
/// the commission can sign) is never decrypted after the real one (attacker review, finding 2).
@Suite struct SecondTallyTests {
    @Test func aSecondTallyIsRefusedAndTheFirstSurvivesARereadOfTheKeyFile() throws {
        var e = try TrusteeElection(n: 3, k: 2)
        let commitments = try e.commitAll()
        _ = try e.receiveAll(commitments)
        let jointKey = try CeremonyCheck.jointKey(election: e.body, commitments: commitments, disqualified: [])
        let tally = try e.castAndTally(jointKey: jointKey)
        let fork = TallyBody(districts: [:])  // another tally of the same election
        var key = e.keyFiles[0]
        try key.noteDecryption(of: tally)
        try key.noteDecryption(of: tally)  // the same tally again: a rerun
        expectRecordError(.secondTally) { try key.noteDecryption(of: fork) }
        // The note is kept in the file.
        let path = try temporaryDirectory() + "/t1.key"
        try key.write(to: path)
        var reread = try TrusteeKeyFile.read(from: path)
        expectRecordError(.secondTally) { try reread.noteDecryption(of: fork) }
        try reread.noteDecryption(of: tally)
        // A key file that never decrypted accepts either, once.
        var other = e.keyFiles[1]
        try other.noteDecryption(of: fork)
        expectRecordError(.secondTally) { try other.noteDecryption(of: tally) }
    }
}
