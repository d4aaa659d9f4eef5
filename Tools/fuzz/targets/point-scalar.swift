import UrnaCrypto
import UrnaCryptoBackend

// libFuzzer target: point and scalar decoding, differentially. Urna decodes a record's points
// with its own square root (`Point(bytes:)`, `P256Affine(compressed:)`); libcrypto's
// `EC_POINT_oct2point` is the reference. Every input must get the same verdict from both, and an
// accepted point the same coordinates. A scalar is accepted exactly when it is 32 bytes below q.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPointScalar(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // Points: our decoder against libcrypto's (compressed SEC1 only: Urna accepts no other form).
    let ours = try? Point(bytes: bytes, allowInfinity: true)
    let compressed = bytes.count == 33 && (bytes[0] == 2 || bytes[0] == 3)
    let reference = compressed || bytes == [0] ? try? P256Backend.decode(bytes) : nil
    switch (ours, reference) {
    case (nil, nil): break
    case (let ours?, let reference?):
        if bytes == [0] {
            guard ours.isInfinity, (try? P256Backend.isInfinity(reference)) == true else {
                fatalError("fuzz invariant broken: the point at infinity decodes differently")
            }
        } else {
            guard let mine = try? ours.affineCoordinates(), let theirs = try? P256Backend.affineCoordinates(reference),
                  mine == theirs else {
                fatalError("fuzz invariant broken: our decoder and libcrypto's give different coordinates")
            }
            guard ours.bytes == bytes else { fatalError("fuzz invariant broken: a decoded point re-encodes differently") }
        }
    case (nil, _?): fatalError("fuzz invariant broken: libcrypto accepts a compressed point our decoder refuses")
    case (_?, nil): fatalError("fuzz invariant broken: our decoder accepts a point libcrypto refuses")
    }
    // The point at infinity is refused wherever it is not explicitly allowed.
    if bytes == [0], (try? Point(bytes: bytes)) != nil { fatalError("fuzz invariant broken: infinity accepted where not allowed") }
    // Scalars: 32 big-endian bytes, below q.
    if let scalar = try? Scalar(bytes: bytes) {
        guard bytes.count == 32, scalar.bytes == bytes else { fatalError("fuzz invariant broken: a scalar decodes to other bytes") }
        let q: [UInt8] = [0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                          0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51]
        guard bytes.lexicographicallyPrecedes(q) else { fatalError("fuzz invariant broken: a scalar ≥ q was accepted") }
    }
    if bytes.count >= 1 { _ = Scalar(reducing: bytes) }
    return 0
}
