@_exported import struct UrnaCryptoBackend.CryptoError
