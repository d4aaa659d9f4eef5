import Foundation
import UrnaClient
import UrnaHTTP
import UrnaLedger
import UrnaRecord

/// `cast`: the prepared ballots POSTed by C keep-alive clients, closed loop or at a target rate;
/// every receipt checked for its election, tracking code and a seq of its own, and every
/// `checkEvery`-th one verified offline (checkpoint signature, inclusion proof) untimed.
enum Cast {
    struct Options {
        var work: String
        var server: String?
        var concurrency: Int
        var rate: Double?
        var checkEvery: Int
        var limit: Int?
        var timeout: Double
    }

    static func run(_ options: Options) throws -> Int32 {
        guard let metaBytes = FileManager.default.contents(atPath: WorkMeta.path(options.work)) else {
            throw LoadgenError("\(safe(options.work)) holds no prepared ballots (no loadgen.json): run 'urna-loadgen prepare' first")
        }
        let meta: WorkMeta
        do {
            meta = try CanonicalJSON.decodeFields(WorkMeta.self, from: Array(metaBytes))
        } catch {
            throw LoadgenError("\(safe(WorkMeta.path(options.work))) does not parse: \(error)")
        }
        let bodies = try readBallots(WorkMeta.ballotsPath(options.work))
        guard bodies.count == meta.ballots else {
            throw LoadgenError("\(safe(WorkMeta.ballotsPath(options.work))) holds \(bodies.count) ballots, loadgen.json says \(meta.ballots)")
        }
        let count = min(options.limit ?? bodies.count, bodies.count)
        guard count > 0 else { throw LoadgenError("no ballot to cast") }
        let target = try Target.connect(url: options.server ?? meta.server, electionID: meta.electionID,
                                        pin: try LedgerKeyPin.key(verifierKey: meta.ledgerKey), timeout: options.timeout)
        let electionHash = target.context.context.electionHash
        for (index, ballot) in bodies.enumerated() where ballot.ballot.electionHash.bytes != electionHash {
            throw LoadgenError("ballot \(index + 1) of \(safe(options.work)) is for another election hash than the served election's")
        }
        let verifier = try target.ledgerVerifier
        progress("casting \(count) ballots on \(options.concurrency) connections\(options.rate.map { " at \(Int($0))/s" } ?? " as fast as the service answers")")
        let seqs = SeqSet()
        let path = target.ballotsPath
        let electionID = target.electionID
        let checkEvery = options.checkEvery
        let result = try drivePhase(
            name: "ingest-http", unit: "ballots/s", count: count, concurrency: options.concurrency, rate: options.rate,
            makeWorker: { _ in try Target.makeClient(target.server, timeout: options.timeout) },
            send: { client, index in
                let response = try client.post(path, body: bodies[index].body)
                guard response.isSuccess else {
                    if let problem = response.problem { throw RequestFailure(code: problem.code, reason: problem.detail) }
                    throw RequestFailure(code: "http-\(response.status)", reason: "status \(response.status) without a problem document")
                }
                return response.body
            },
            check: { index, body in
                let receipt: Receipt
                do {
                    receipt = try Receipt.decode(body)
                } catch {
                    throw RequestFailure(code: ClientError.badAnswer, reason: "the receipt for ballot \(index + 1) does not parse: \(error)")
                }
                guard receipt.electionID == electionID, receipt.trackingCode.bytes == bodies[index].ballot.trackingCode else {
                    throw RequestFailure(code: ClientError.untrusted, reason: "the receipt for ballot \(index + 1) is for another election or tracking code")
                }
                guard seqs.insert(receipt.seq) else {
                    throw RequestFailure(code: "duplicate-seq", reason: "two receipts name entry \(receipt.seq)")
                }
                if checkEvery > 0, index % checkEvery == 0 {
                    _ = try ReceiptVerifier.verifyOffline(receipt, ledgerKey: verifier)
                }
            })
        Report.phase(result)
        if checkEvery > 0, result.succeeded > 0 {
            print("receipts: every one checked for election, tracking code and a distinct seq; \(checkEvery == 1 ? "every one" : "1 in \(checkEvery)") verified (checkpoint signature, inclusion proof)")
        }
        return result.failed == 0 ? 0 : 3
    }

    struct Prepared: Sendable {
        let body: [UInt8]
        let ballot: Ballot
    }

    /// The prepared ballots, one canonical JSON per line, each decoded (for its tracking code).
    static func readBallots(_ path: String) throws -> [Prepared] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadgenError("cannot read \(safe(path)): run 'urna-loadgen prepare' first")
        }
        var prepared: [Prepared] = []
        for (offset, line) in Array(data).split(separator: 0x0A).enumerated() {
            let body = Array(line)
            do {
                prepared.append(Prepared(body: body, ballot: try CanonicalJSON.decode(Ballot.self, from: body)))
            } catch {
                throw LoadgenError("\(safe(path)) line \(offset + 1) is not a ballot: \(error)")
            }
        }
        return prepared
    }
}

/// The seqs the receipts named: each must be new.
final class SeqSet: @unchecked Sendable {
    private let lock = NSLock()
    private var seen = Set<UInt64>()
    func insert(_ seq: UInt64) -> Bool { lock.withLock { seen.insert(seq).inserted } }
}
