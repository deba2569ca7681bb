import Testing

@Test func ModelsTestsPlaceholder() { #expect(Bool(true)) }
