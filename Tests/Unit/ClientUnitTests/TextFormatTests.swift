import Foundation
import Testing
@testable import PostgresClient

@Suite struct TextFormatTests {
    @Test func doublesUsePostgresSpellings() {
        #expect(TextFormat.encodeDouble(.nan) == "NaN")
        #expect(TextFormat.encodeDouble(.infinity) == "Infinity")
        #expect(TextFormat.encodeDouble(-.infinity) == "-Infinity")
        #expect(TextFormat.decodeDouble("NaN")!.isNaN)
        #expect(TextFormat.decodeDouble("-Infinity") == -.infinity)
        #expect(TextFormat.decodeDouble("1e-310") == 1e-310)
        #expect(TextFormat.decodeDouble("abc") == nil)
        for value in [0.1, -2.5e300, 5e-324, 1.0 / 3.0, -0.0] {
            let back = TextFormat.decodeDouble(TextFormat.encodeDouble(value))
            #expect(back?.bitPattern == value.bitPattern)
        }
    }

    @Test func arraysParseAsArrayOutWritesThem() {
        #expect(TextFormat.decodeArray("{}") == [])
        #expect(TextFormat.decodeArray("{1,2.5,NULL,NaN,-Infinity}") == ["1", "2.5", nil, "NaN", "-Infinity"])
        #expect(TextFormat.decodeArray(#"{"a b","say \"hi\"","back\\slash",NULL,"NULL",é}"#)
                == ["a b", "say \"hi\"", "back\\slash", nil, "NULL", "é"])
        #expect(TextFormat.decodeArray("[0:1]={7,8}") == ["7", "8"])
        #expect(TextFormat.decodeArray("{{1,2},{3,4}}") == nil)
        #expect(TextFormat.decodeArray("{1,2") == nil)
        #expect(TextFormat.decodeArray(#"{"unterminated}"#) == nil)
    }

    @Test func arraysRoundTripThroughEncoding() {
        let values: [String?] = ["", "NULL", nil, "a,b", "{x}", "\"q\"", "\\", " lead", "ünï"]
        #expect(TextFormat.decodeArray(TextFormat.encodeArray(values)) == values)
    }

    @Test func timestampsRoundTripWithMicroseconds() {
        for seconds in [0.0, 1_700_000_000.123456, -1_000_000_000.5, 253_402_300_799.999999] {
            let date = Date(timeIntervalSince1970: seconds)
            let text = TextFormat.encodeTimestamp(date)
            let back = TextFormat.decodeTimestamp(text)!
            #expect(abs(back.timeIntervalSince1970 - seconds) < 1e-6, "\(text)")
        }
        #expect(TextFormat.encodeTimestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00:00.000000+00")
    }

    @Test func timestampsParseServerOutputShapes() {
        #expect(TextFormat.decodeTimestamp("2024-02-29 12:34:56+00")?.timeIntervalSince1970 == 1_709_210_096)
        #expect(TextFormat.decodeTimestamp("2024-02-29 12:34:56.5+00")?.timeIntervalSince1970 == 1_709_210_096.5)
        #expect(TextFormat.decodeTimestamp("2024-02-29 18:04:56+05:30")?.timeIntervalSince1970 == 1_709_210_096)
        #expect(TextFormat.decodeTimestamp("2024-02-29 12:34:56-01")?.timeIntervalSince1970 == 1_709_213_696)
        #expect(TextFormat.decodeTimestamp("infinity") == .distantFuture)
        #expect(TextFormat.decodeTimestamp("0001-01-01 00:00:00+00 BC") != nil)
        #expect(TextFormat.decodeTimestamp("2024-02-29") == nil)
        #expect(TextFormat.decodeTimestamp("2024-02-29 12:34:56+00 junk") == nil)
    }

    @Test func parametersEncodeAsTypedText() {
        #expect(PostgresValue.bool(true).textEncoding == "t")
        #expect(PostgresValue.int(-5).textEncoding == "-5")
        #expect(PostgresValue.null.textEncoding == nil)
        #expect(PostgresValue.doubleArray([1, nil, .nan]).textEncoding == #"{"1.0",NULL,"NaN"}"#)
        #expect(PostgresValue.double(.infinity).typeOID == PostgresType.float8)
        #expect(PostgresValue.text("x").typeOID == 0)
        let literal: PostgresValue = nil
        #expect(literal == .null)
    }
}
