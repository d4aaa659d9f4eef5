import Foundation
import UrnaClient
import UrnaCrypto
import UrnaRecord

/// `urna vote --audit`: before casting, spoil (challenge) one encryption of the voter's choices,
/// read the spoiled ballot back from the record, check that its revealed nonces open every
/// ciphertext to exactly those choices, and show them by name (Benaloh's cast-or-audit). The
/// flow then encrypts the choices afresh and casts that ballot.
enum VoteAudit {
    static func run(_ backend: any VotingBackend, context: ElectionContext, district: String, choices: [String: Set<String>],
                    token: Ballot.Token, wallet: inout VoterWallet, walletPath: String) throws {
        let wanted = choices.filter { !$0.value.isEmpty }
        let spoiled: VoterWallet.Recorded
        if let last = wallet.ballots?.last, last.action == "spoil",
           let lastChoices = last.choices, lastChoices.mapValues(Set.init).filter({ !$0.value.isEmpty }) == wanted {
            // An audit interrupted after its spoil: check that one instead of spending another.
            Console.progress("this wallet already spoiled a ballot with these choices (entry \(last.seq)); checking it instead of spoiling another")
            spoiled = last
        } else {
            let (ballot, secrets) = try BallotBuilder.encrypt(election: context, district: district, choices: choices,
                                                              credential: wallet.credentialKey, token: token)
            print(ChoiceText.render(secrets.choices, district: district, manifest: context.manifest,
                                    heading: "auditing first: spoiling (challenging) a ballot with"))
            spoiled = try VoteFlow.send(backend, ballot: ballot, spoiled: SpoiledBody(ballot: ballot, secrets: secrets),
                                        wallet: &wallet, walletPath: walletPath, receiptPath: nil)
        }
        let body = try backend.spoiledBallot(seq: spoiled.seq, trackingCode: spoiled.trackingCode.bytes)
        let opened = body.choices.mapValues(Set.init).filter { !$0.value.isEmpty }
        print("the record's entry \(spoiled.seq) is the spoiled ballot \(Ballot.shortTrackingCode(spoiled.trackingCode.bytes)); its revealed nonces open every ciphertext exactly (checked); it encrypted:")
        print(ChoiceText.render(opened, district: body.ballot.district, manifest: context.manifest, heading: "a ballot"))
        guard body.ballot.district == district, opened == wanted else {
            throw RecordError(.spoiledMismatch, "the spoiled ballot does NOT encrypt what you chose: your device or the service changed it; nothing was cast — keep the wallet and report this to the commission and the observers")
        }
        print("this is exactly what you chose: the encryption was faithful; it will never count")
        print("privacy: its choices are now public under the same credential as the ballot cast next, so observers")
        print("can guess your vote from this audit (see SECURITY.md, spoiled ballots); casting a fresh encryption")
    }
}
