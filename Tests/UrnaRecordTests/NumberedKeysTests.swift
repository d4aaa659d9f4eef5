import Foundation
import Testing
import UrnaRecord

/// The compact key table behind the roll, the credentials and the tracking codes: numbers in
/// insertion order, every key found after any growth, absent keys not found (even when every
/// hash collides), and a round trip through its encoded form that refuses a repeated key.
@Suite struct NumberedKeysTests {
    /// A key whose hash a test chooses: all collide when `bucket` is the same.
    struct Colliding: Hashable, Sendable, Codable {
        let value: Int
        let bucket: Int
        func hash(into hasher: inout Hasher) { hasher.combine(bucket) }
    }

    @Test func numbersInOrderAndFindsEveryKeyAfterGrowth() throws {
        var table = NumberedKeys<UInt64>()
        var reference: [UInt64: Int] = [:]
        var generator = SystemRandomNumberGenerator()
        while reference.count < 100_000 {
            let key = generator.next() as UInt64
            let inserted = table.insert(key)
            let added = try #require(inserted)
            if let number = reference[key] {
                #expect(added == (number, false))
            } else {
                #expect(added == (reference.count, true))
                reference[key] = reference.count
            }
        }
        #expect(table.count == 100_000)
        var mismatches = 0
        for (key, number) in reference where table.number(of: key) != number || table.keys[number] != key { mismatches += 1 }
        #expect(mismatches == 0)
        var absentFound = 0
        for _ in 0..<10_000 {
            let key = generator.next() as UInt64
            if reference[key] == nil, table.number(of: key) != nil { absentFound += 1 }
        }
        #expect(absentFound == 0)
        // A repeat changes nothing.
        let first = try #require(reference.first)
        let again = table.insert(first.key)
        #expect(try #require(again) == (first.value, false))
        #expect(table.count == 100_000)
    }

    @Test func collidingHashesStayCorrect() throws {
        var table = NumberedKeys<Colliding>(minimumCapacity: 4)
        for value in 0..<500 {
            let added = table.insert(Colliding(value: value, bucket: value % 3))
            #expect(added?.inserted == true && added?.number == value)
        }
        for value in 0..<500 { #expect(table.number(of: Colliding(value: value, bucket: value % 3)) == value) }
        #expect(table.number(of: Colliding(value: 500, bucket: 0)) == nil)
        #expect(table.number(of: Colliding(value: 1, bucket: 0)) == nil, "same value, other hash: another key")
    }

    @Test func emptyTableFindsNothing() {
        let table = NumberedKeys<Int>()
        #expect(table.count == 0)
        #expect(table.number(of: 0) == nil)
    }

    @Test func roundTripKeepsNumbersAndRefusesARepeatedKey() throws {
        var table = NumberedKeys<String>()
        for key in ["c", "a", "b"] { _ = table.insert(key) }
        let data = try JSONEncoder().encode(table)
        #expect(String(decoding: data, as: UTF8.self) == #"["c","a","b"]"#)
        let decoded = try JSONDecoder().decode(NumberedKeys<String>.self, from: data)
        #expect(decoded.keys == ["c", "a", "b"])
        #expect(decoded.number(of: "b") == 2)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(NumberedKeys<String>.self, from: Data(#"["a","b","a"]"#.utf8)) }
    }
}
