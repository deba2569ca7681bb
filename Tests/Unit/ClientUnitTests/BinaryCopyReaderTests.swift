import Testing
@testable import PostgresClient

@Suite struct BinaryCopyReaderTests {
    private let header: [UInt8] = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00,
                                   0, 0, 0, 0, 0, 0, 0, 0]

    private func int16(_ value: Int16) -> [UInt8] { withUnsafeBytes(of: value.bigEndian, Array.init) }
    private func int32(_ value: Int32) -> [UInt8] { withUnsafeBytes(of: value.bigEndian, Array.init) }
    private func float8(_ value: Double) -> [UInt8] { int32(8) + withUnsafeBytes(of: value.bitPattern.bigEndian, Array.init) }

    private func feed(_ reader: inout BinaryCopyReader, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try reader.consume($0) }
    }

    @Test func readsHeaderRowsNullsAndTrailer() throws {
        var reader = BinaryCopyReader(columns: 2)
        try feed(&reader, header + int16(2) + float8(1.5) + int32(-1))
        try feed(&reader, int16(2) + float8(-.infinity) + float8(.nan))
        try feed(&reader, int16(-1))
        #expect(reader.sawTrailer)
        #expect(reader.values[0] == [1.5, -.infinity])
        #expect(reader.values[1].count == 2)
        #expect(reader.values[1][0] == nil)
        #expect(reader.values[1][1]?.isNaN == true)
    }

    @Test func rejectsWrongFieldCount() {
        var reader = BinaryCopyReader(columns: 3)
        #expect(throws: PostgresError.self) { try feed(&reader, header + int16(2) + float8(1) + float8(2)) }
    }

    @Test func rejectsNonFloat8Fields() {
        var reader = BinaryCopyReader(columns: 1)
        #expect(throws: PostgresError.self) { try feed(&reader, header + int16(1) + int32(4) + int32(7)) }
    }

    @Test func rejectsTruncatedAndUnsignedStreams() {
        var truncated = BinaryCopyReader(columns: 1)
        #expect(throws: PostgresError.self) { try feed(&truncated, header + int16(1) + int32(8) + [1, 2]) }
        var unsigned = BinaryCopyReader(columns: 1)
        #expect(throws: PostgresError.self) { try feed(&unsigned, [UInt8](repeating: 0, count: 19)) }
    }
}
