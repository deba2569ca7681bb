import Testing

@Test func CLIUnitTestsPlaceholder() { #expect(Bool(true)) }
