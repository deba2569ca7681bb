import Testing

@Test func ClientUnitTestsPlaceholder() { #expect(Bool(true)) }
