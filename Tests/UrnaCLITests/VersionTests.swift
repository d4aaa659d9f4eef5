import Foundation
import Testing
import UrnaRecord

@Suite("versions")
struct VersionTests {
    @Test("urna and scrutineer print one release version and the record format version")
    func oneVersion() throws {
        for program in ["urna", "scrutineer"] {
            for argument in ["--version", "version"] {
                let outcome = try CLI.run(program, [argument])
                #expect(outcome.status == 0)
                #expect(outcome.out == "\(program) \(UrnaVersion.release) (record format \(UrnaVersion.recordFormat))\n")
            }
        }
    }
}
