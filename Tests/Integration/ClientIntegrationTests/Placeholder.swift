import Testing

@Test func ClientIntegrationTestsPlaceholder() { #expect(Bool(true)) }
