import Foundation

/// A random source for tests that must be replayable: SplitMix64 from a seed taken from
/// `URNA_CLI_SEED` if set, else drawn at random. Its description names the seed as the
/// environment setting that replays it; put it in the comment of every expectation it drives.
struct SeededRandom: RandomNumberGenerator, CustomStringConvertible {
    let seed: UInt64
    private var state: UInt64

    init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    /// The seed from `URNA_CLI_SEED`, else a fresh one.
    init() {
        let configured = ProcessInfo.processInfo.environment["URNA_CLI_SEED"].flatMap { UInt64($0) }
        self.init(seed: configured ?? UInt64.random(in: .min ... .max))
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    var description: String { "URNA_CLI_SEED=\(seed)" }
}
