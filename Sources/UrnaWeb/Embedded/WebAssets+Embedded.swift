// Generated from Sources/UrnaWeb/Assets by `URNA_WRITE_WEB_ASSETS=1 swift test --filter WebAssetsTests`.
// Do not edit: edit the files under Assets/ and regenerate; WebAssetsTests fails while they differ.

extension WebAssets {
    static let embeddedPieces: [(String, String)] = part01 + part02 + part03 + part04 + part05 + part06 + part07 + part08 + part09 + part10 + part11 + part12
}
