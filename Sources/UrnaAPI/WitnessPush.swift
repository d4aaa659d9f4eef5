import Foundation
import UrnaCrypto
import UrnaHTTP
import UrnaService

/// The service's side of one witness (C2SP `tlog-witness`, `Specs/api.md` §5): pushes a
/// checkpoint with `POST /add-checkpoint` and returns the note with the witness's cosignature,
/// or nil (the witness refused, or did not answer in time; the reason is logged).
final class WitnessPush: @unchecked Sendable {
    let url: String
    let verifier: NoteVerifier
    let timeout: Double
    private let client: HTTPClient
    private let log: @Sendable (String) -> Void
    private let lock = NSLock()
    /// The size the witness last cosigned, as far as the service knows (0: unknown).
    private var knownSize: UInt64 = 0

    /// `spec` is `URL=VERIFIER_KEY` (the witness's C2SP verifier key).
    private let metrics: Metrics
    private let electionID: String

    init(spec: String, timeout: Double, trustedCertificatesPath: String?, metrics: Metrics, electionID: String,
         log: @escaping @Sendable (String) -> Void) throws {
        self.metrics = metrics
        self.electionID = electionID
        guard let equals = spec.firstIndex(of: "=") else {
            throw ServiceError(.invalidInput, "--witness '\(spec)': give URL=VERIFIER_KEY (the witness's verifier key, as 'scrutineer witness' prints it)")
        }
        url = String(spec[..<equals])
        do {
            verifier = try NoteVerifier(verifierKey: String(spec[spec.index(after: equals)...]))
        } catch {
            throw ServiceError(.invalidInput, "--witness '\(spec)': the verifier key does not parse (\(error))")
        }
        self.timeout = timeout
        self.log = log
        var configuration = HTTPClient.Configuration()
        configuration.timeout = timeout
        configuration.trustedCertificatesPath = trustedCertificatesPath
        do {
            client = try HTTPClient(baseURL: url, configuration: configuration)
        } catch {
            throw ServiceError(.invalidInput, "--witness '\(spec)': \(error)")
        }
    }

    /// Pushes `checkpoint`; `proof(old)` gives the consistency proof from `old` to its size.
    func push(_ checkpoint: ElectionService.ServedCheckpoint, proof: (UInt64) throws -> [[UInt8]]) -> String? {
        let note = attempt(checkpoint, proof: proof)
        metrics.increment("urna_witness_cosignatures_total", ["election": electionID, "witness": url, "outcome": note == nil ? "refused" : "cosigned"])
        return note
    }

    private func attempt(_ checkpoint: ElectionService.ServedCheckpoint, proof: (UInt64) throws -> [[UInt8]]) -> String? {
        lock.lock()
        defer { lock.unlock() }
        for _ in 0..<2 {
            let old = knownSize
            guard old <= checkpoint.size else {
                log("witness \(url): it has cosigned size \(old), beyond this ledger's \(checkpoint.size): a fork or another ledger; not pushing")
                return nil
            }
            do {
                let hashes = old == 0 || old == checkpoint.size ? [] : try proof(old)
                var body = "old \(old)\n"
                for hash in hashes { body += Data(hash).base64EncodedString() + "\n" }
                body += "\n" + checkpoint.note
                let response = try client.post("/add-checkpoint", body: Array(body.utf8), contentType: "text/plain; charset=utf-8")
                switch response.status {
                case 200:
                    knownSize = checkpoint.size
                    return checkpoint.note + String(decoding: response.body, as: UTF8.self)
                case 409 where response.header("content-type")?.hasPrefix("text/x.tlog.size") == true:
                    let text = String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                    guard let size = UInt64(text), size != old else {
                        log("witness \(url): refused with 409 '\(Self.clip(text))'")
                        return nil
                    }
                    knownSize = size
                    continue
                default:
                    log("witness \(url): refused the checkpoint of size \(checkpoint.size) with \(response.status) '\(Self.clip(String(decoding: response.body, as: UTF8.self)))'")
                    return nil
                }
            } catch {
                log("witness \(url): \(error)")
                return nil
            }
        }
        return nil
    }

    static func clip(_ text: String) -> String {
        let short = text.count > 200 ? String(text.prefix(200)) + "…" : text
        return String(String.UnicodeScalarView(short.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? "?" : $0 }))
    }
}
