enum TrusteeCommand {
    static func run(_ arguments: [String]) throws {
        throw Arguments.UsageError(description: "the trustee commands are not wired yet")
    }
}

enum DemoCommand {
    static func run(_ arguments: [String]) throws {
        throw Arguments.UsageError(description: "the demo is not wired yet")
    }
}
