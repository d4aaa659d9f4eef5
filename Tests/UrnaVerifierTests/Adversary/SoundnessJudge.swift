import Foundation
import UrnaRecord
@testable import UrnaVerifier

/// Verifies one record and holds it against ``ReferenceTally``: the one invariant is that
/// whenever `scrutineer` says VALID, the published result is the reference tally (and the
/// record breaks no counting rule).
enum SoundnessJudge {
    enum Verdict: Equatable {
        /// The verifier refused the record.
        case invalid
        /// Valid, and the result (if any) is the reference tally.
        case valid
        /// Valid although the published result is not the reference tally.
        case wrongTally(String)
        /// Valid although the record breaks a counting rule (the tally happens to be right).
        case ruleBroken(String)
        /// The verifier threw instead of reporting (allowed: `VerifierError` only).
        case threw(String)

        var threw: Bool {
            if case .threw = self { return true }
            return false
        }

        var isViolation: Bool {
            switch self {
            case .wrongTally, .ruleBroken: true
            default: false
            }
        }
    }

    static var options: VerificationOptions {
        var options = VerificationOptions()
        options.chunkSize = 5
        options.workers = 2
        return options
    }

    static func judge(_ drafts: [Draft], commission: DishonestCommission) -> (Verdict, VerificationReport?) {
        let report: VerificationReport
        do {
            report = try Scrutineer.verify(source: commission.signed(drafts).source, options: options)
        } catch let error as VerifierError {
            return (.threw("VerifierError \(error)"), nil)
        } catch {
            return (.threw("unexpected error \(error)"), nil)
        }
        guard report.isValid else { return (.invalid, report) }
        let reference = ReferenceTally(drafts: drafts, facts: commission.facts, electionBytes: commission.electionBytes,
                                       jointKey: commission.jointKey?.jointKey)
        if let published = report.publishedResult, !reference.matches(published) {
            return (.wrongTally("scrutineer VALID with result \(describe(published)); reference \(reference)"
                + (reference.invalid.isEmpty ? "" : "; reference says invalid: \(reference.invalid.joined(separator: "; "))")), report)
        }
        if report.publishedResult == nil, reference.phase == "published" {
            return (.wrongTally("scrutineer VALID for a published record without a decodable result; reference \(reference)"), report)
        }
        if !reference.invalid.isEmpty {
            return (.ruleBroken("scrutineer VALID; reference says invalid: \(reference.invalid.joined(separator: "; "))"), report)
        }
        return (.valid, report)
    }

    static func describe(_ result: ResultBody) -> String {
        ReferenceTally(districts: result.districts, invalid: [], phase: nil).description
    }

    /// The same record verified from a JSON Lines export (only its latest checkpoint) must get
    /// the same verdict as from memory. Returns a description of the disagreement, if any.
    static func exportDisagreement(_ drafts: [Draft], commission: DishonestCommission, inMemory: Verdict) -> String? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("urna-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        guard let path = try? commission.signed(drafts).writeExport(in: directory) else { return nil }
        let fromFile: Bool
        do {
            fromFile = try Scrutineer.verify(path: path, options: options).isValid
        } catch {
            return "the export throws \(error) where the in-memory record gave \(inMemory)"
        }
        let fromMemory = inMemory != .invalid
        return fromFile == fromMemory ? nil : "verdict from memory \(inMemory), from the JSON Lines export valid=\(fromFile)"
    }
}
