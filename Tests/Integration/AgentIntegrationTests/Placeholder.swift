import Testing

@Test func AgentIntegrationTestsPlaceholder() { #expect(Bool(true)) }
