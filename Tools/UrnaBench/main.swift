import Foundation
import UrnaCrypto

FileHandle.standardError.write(Data("usage: bench crypto\n".utf8))
exit(2)
