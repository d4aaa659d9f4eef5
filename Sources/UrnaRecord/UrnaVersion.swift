/// The one release version of `urna` and `scrutineer`, and the version of the record format
/// they read and write (`Specs/`: every domain tag starts with `urna/v1/`).
public enum UrnaVersion {
    public static let release = "0.3.0"
    public static let recordFormat = "urna/v1"

    /// `urna 0.3.0 (record format urna/v1)`.
    public static func line(_ program: String) -> String { "\(program) \(release) (record format \(recordFormat))" }
}
