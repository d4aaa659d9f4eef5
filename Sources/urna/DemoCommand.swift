enum DemoCommand {
    static func run(_ arguments: [String]) throws {
        throw Arguments.UsageError(description: "the demo is not wired yet")
    }
}
