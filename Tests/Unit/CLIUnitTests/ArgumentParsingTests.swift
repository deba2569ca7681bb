import Testing
@testable import PGCTCLI

/// The hand-written argument parser: the shapes swift-argument-parser accepts, and clear errors.
@Suite struct ArgumentParsingTests {
    let spec = CommandSpec(
        name: "train", abstract: "Train.",
        positionals: [("model", "The model.")],
        options: [.value("dsn", "dsn", "Where."), .flag("json", "JSON output."), .value("seed", "n", "Seed.")])

    @Test func parsesPositionalsValuesAndFlags() throws {
        let parsed = try ParsedArguments.parse(["points", "--dsn", "host=x", "--json", "--seed=7"], spec: spec)
        #expect(parsed.positionals == ["points"])
        #expect(parsed.value("dsn") == "host=x")
        #expect(parsed.flag("json"))
        #expect(try parsed.integer("seed") == 7)
    }

    @Test func unknownOptionIsAUsageError() {
        #expect(throws: UsageError("unknown option '--jsn' for 'pgct train'")) {
            try ParsedArguments.parse(["points", "--jsn"], spec: spec)
        }
    }

    @Test func missingValueAndMissingPositionalAreUsageErrors() {
        #expect(throws: UsageError("missing value for '--dsn <dsn>'")) {
            try ParsedArguments.parse(["points", "--dsn"], spec: spec)
        }
        #expect(throws: UsageError("missing argument <model> for 'pgct train'")) {
            try ParsedArguments.parse(["--json"], spec: spec)
        }
    }

    @Test func extraArgumentAndValueOnFlagAreRejected() {
        #expect(throws: UsageError.self) { try ParsedArguments.parse(["a", "b"], spec: spec) }
        #expect(throws: UsageError("--json is a flag and takes no value")) {
            try ParsedArguments.parse(["a", "--json=yes"], spec: spec)
        }
    }

    @Test func nonNumericValueNamesTheOption() throws {
        let parsed = try ParsedArguments.parse(["a", "--seed", "seven"], spec: spec)
        #expect(throws: UsageError("--seed expects a whole number, got 'seven'")) { try parsed.integer("seed") }
    }

    @Test func helpSkipsRequiredArguments() throws {
        let parsed = try ParsedArguments.parse(["--help"], spec: spec)
        #expect(parsed.wantsHelp)
        #expect(spec.usage.contains("USAGE: pgct train <model> [options]"))
        #expect(spec.usage.contains("--dsn <dsn>"))
    }

    @Test func trailingCommandIsPassedThroughUntouched() throws {
        let sandbox = CommandSpec(name: "sandbox", abstract: "S.", options: [.flag("install", "I.")],
                                  takesTrailingCommand: true)
        let parsed = try ParsedArguments.parse(["--install", "--", "make", "-C", "sql", "--x"], spec: sandbox)
        #expect(parsed.flag("install"))
        #expect(parsed.trailing == ["make", "-C", "sql", "--x"])
        #expect(throws: UsageError.self) { try ParsedArguments.parse([], spec: sandbox) }
    }

    @Test func unknownCommandExitsWithStatusTwo() {
        #expect(PGCTCommandLine.run(["frobnicate"]) == 2)
        #expect(PGCTCommandLine.run(["version", "--bogus"]) == 2)
        #expect(PGCTCommandLine.run(["version"]) == 0)
    }
}
