import Foundation
import UrnaService

/// `urna election status`: the election's phase, ceremony progress, roll and turnout.
enum StatusCommand {
    static func run(_ arguments: [String]) throws {
        try ElectionCommand.withReader(arguments) { service in
            let status = try service.status()
            print("election: \(Console.safe(status.electionID))  phase: \(status.phase.rawValue)  ledger entries: \(status.ledgerSize)")
            print("trustees committed: \(status.trusteesCommitted)/\(status.trustees), threshold \(status.threshold)")
            for district in status.districts {
                print("  \(Console.safe(district.id)): roll \(district.roll), tokens issued \(district.issued)")
            }
            print("ballots cast: \(status.ballotsCast), spoiled: \(status.spoiled)")
        }
    }

}
