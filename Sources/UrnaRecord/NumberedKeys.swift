/// A set of keys numbered 0, 1, 2… in the order they were first added, kept compact for the
/// millions of pseudonyms, credentials and tracking codes of a city's election: the keys in one
/// array, and an open-addressing table (linear probing, at most three quarters full) of 4-byte numbers
/// to find them. Callers keep values in their own arrays, indexed by number.
///
/// Slots come from Swift's per-process seeded hash, so a record cannot choose keys that collide
/// and make lookups slow. A Swift `Dictionary` of the same keys takes two to three times the
/// memory (`BENCHMARKS.md`, memory at 1,000,000 ballots).
public struct NumberedKeys<Key: Hashable & Sendable>: Sendable {
    /// The most keys a table holds: numbers are stored in 32 bits.
    public static var maximumCount: Int { Int(Int32.max) - 1 }

    /// The keys, by number.
    public private(set) var keys: [Key] = []
    /// Each slot holds 0 (empty) or a key's number plus one; the count is a power of two.
    private var slots: [Int32] = []

    public init(minimumCapacity: Int = 0) {
        reserveCapacity(minimumCapacity)
    }

    public var count: Int { keys.count }

    /// The number of `key`, or nil if it was never added.
    public func number(of key: Key) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var slot = key.hashValue & mask
        while true {
            let stored = Int(slots[slot])
            guard stored != 0 else { return nil }
            if keys[stored - 1] == key { return stored - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// Adds `key` if it is new. Returns its number and whether it was added, or nil when the
    /// table already holds ``maximumCount`` keys (the key is then not added).
    public mutating func insert(_ key: Key) -> (number: Int, inserted: Bool)? {
        if let number = number(of: key) { return (number, false) }
        guard keys.count < Self.maximumCount else { return nil }
        keys.append(key)
        if 4 * keys.count > 3 * slots.count {
            rehash(slotCount: Self.slotCount(for: keys.count))
        } else {
            place(keys.count - 1)
        }
        return (keys.count - 1, true)
    }

    /// Makes room for `capacity` keys without growing.
    public mutating func reserveCapacity(_ capacity: Int) {
        let capacity = min(max(capacity, 0), Self.maximumCount)
        if capacity > keys.capacity { keys.reserveCapacity(capacity) }
        let wanted = Self.slotCount(for: capacity)
        if wanted > slots.count { rehash(slotCount: wanted) }
    }

    /// The smallest power of two (at least 16) that `count` keys fill to three quarters at most.
    private static func slotCount(for count: Int) -> Int {
        var slots = 16
        while 3 * slots < 4 * count { slots <<= 1 }
        return slots
    }

    private mutating func rehash(slotCount: Int) {
        slots = [Int32](repeating: 0, count: slotCount)
        for number in keys.indices { place(number) }
    }

    /// Puts `number` (whose key is not in the table yet) in the first free slot from its hash.
    private mutating func place(_ number: Int) {
        let mask = slots.count - 1
        var slot = keys[number].hashValue & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(truncatingIfNeeded: number + 1)
    }
}

/// Encoded as the array of keys in number order (the form of a `Set` of them); decoding numbers
/// them again in that order and refuses a repeated key.
extension NumberedKeys: Codable where Key: Codable {
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        while !container.isAtEnd {
            let key = try container.decode(Key.self)
            guard let added = insert(key), added.inserted else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "key \(keys.count) is repeated or one too many")
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(contentsOf: keys)
    }
}
