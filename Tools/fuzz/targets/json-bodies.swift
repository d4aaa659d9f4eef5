import Foundation
import UrnaCrypto
import UrnaRecord

// libFuzzer target: the strict JSON decoders of every body a client or a record hands Urna.
// The first byte picks the type, the rest is the JSON. Besides "no crash", it checks:
// - a body the decoder accepts re-encodes canonically, and that encoding decodes to the same value;
// - the ballot's direct canonical reader (`Ballot.readCanonical`, what `urna serve` and
//   `scrutineer` read ballots with) never accepts what the strict decoder refuses, and reads
//   the same ballot when both accept.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONBodies(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let json = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    switch data[0] % 12 {
    case 0: ballot(json)
    case 1: roundTrip(Manifest.self, json)
    case 2: roundTrip(SpoiledBody.self, json)
    case 3: roundTrip(TrusteePledgeBody.self, json)
    case 4: roundTrip(TrusteeCommitmentBody.self, json)
    case 5: roundTrip(ComplaintBody.self, json)
    case 6: roundTrip(TrusteeCheckBody.self, json)
    case 7: roundTrip(TallyShareBody.self, json)
    case 8: roundTrip(ElectionBody.self, json)
    case 9: roundTrip(RollBody.self, json)
    case 10:
        // The voter's wallet (`Sources/urna/VoterWallet.swift`, compiled into this target): not
        // Equatable, so its canonical encoding must decode again and encode to the same bytes.
        if let wallet = try? CanonicalJSON.decodeInput(VoterWallet.self, from: json) {
            guard let encoded = try? CanonicalJSON.encode(wallet),
                  let again = try? CanonicalJSON.decodeInput(VoterWallet.self, from: encoded),
                  (try? CanonicalJSON.encode(again)) == encoded else {
                fatalError("fuzz invariant broken: an accepted wallet does not survive its canonical encoding")
            }
        }
    default:
        if let receipt = try? Receipt.decode(json) {
            guard let again = try? Receipt.decode(CanonicalJSON.encode(receipt)), again == receipt else {
                fatalError("fuzz invariant broken: an accepted receipt does not survive its own encoding")
            }
        }
    }
    return 0
}

func roundTrip<T: Codable & Equatable>(_ type: T.Type, _ json: [UInt8]) {
    guard let value = try? CanonicalJSON.decodeInput(T.self, from: json) else { return }
    guard let encoded = try? CanonicalJSON.encode(value), let again = try? CanonicalJSON.decodeInput(T.self, from: encoded),
          again == value else {
        fatalError("fuzz invariant broken: an accepted \(T.self) does not survive its canonical encoding")
    }
}

func ballot(_ json: [UInt8]) {
    let strict = try? CanonicalJSON.decodeInput(Ballot.self, from: json)
    if let direct = Ballot.readCanonical(json) {
        guard let strict else { fatalError("fuzz invariant broken: the canonical reader accepts a ballot the strict decoder refuses") }
        guard strict == direct else { fatalError("fuzz invariant broken: the canonical reader and the strict decoder read different ballots") }
    }
    if let strict { roundTrip(Ballot.self, Array((try? CanonicalJSON.encode(strict)) ?? [])) }
}
