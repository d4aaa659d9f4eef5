import UrnaHTTP

// libFuzzer target: the HTTP/1.1 request parser (`HTTPRequestParser`), fed in two reads split at
// a point the input chooses, as a request arrives over a socket. Besides "no crash", it checks
// the parser's promises: every request it returns is within the limits, and the bytes it keeps
// buffered never exceed what it was given.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var limits = HTTPLimits()
    limits.maxHeaderBytes = 2048
    limits.maxHeaderCount = 16
    limits.maxTargetBytes = 256
    limits.maxBodyBytes = 4096
    var parser = HTTPRequestParser(limits: limits)
    let split = bytes.isEmpty ? 0 : Int(bytes[0]) % bytes.count
    var given = 0
    for piece in [bytes[..<split], bytes[split...]] {
        parser.append(piece)
        given += piece.count
        while true {
            let request: HTTPRequest?
            do { request = try parser.next() } catch { return 0 }  // refused: the server answers and closes
            guard let request else { break }
            check(request.body.count <= limits.maxBodyBytes, "a body over the limit was returned")
            check(request.headers.count <= limits.maxHeaderCount, "more headers than the limit were returned")
            check(request.target.utf8.count <= limits.maxTargetBytes, "a target over the limit was returned")
            _ = request.keepAlive
            _ = request.path
            _ = request.query
        }
        check(parser.buffered <= given, "the parser buffers more bytes than it was given")
    }
    return 0
}

func check(_ condition: Bool, _ message: String) {
    if !condition { fatalError("fuzz invariant broken: \(message)") }
}
