import Foundation
import Testing
import PostgresClient

@Suite(.serialized) struct CopyTests {
    /// Deterministic values of every kind binary COPY must carry: ordinary numbers across many
    /// magnitudes, signed zeros, subnormals, extremes, NaN, ±Infinity and NULL.
    static func column(_ seed: UInt64, rows: Int) -> [Double?] {
        var state = seed
        func next() -> UInt64 {  // SplitMix64
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let specials: [Double?] = [nil, .nan, .infinity, -.infinity, 0.0, -0.0, 5e-324,
                                   .greatestFiniteMagnitude, -.leastNormalMagnitude]
        return (0..<rows).map { _ in
            let r = next()
            if r % 10 == 0 { return specials[Int((r >> 8) % UInt64(specials.count))] }
            let mantissa = Double(r >> 11) / Double(1 << 53) - 0.5
            let exponent = Double(Int((r >> 4) % 40) - 20)
            return mantissa * pow(10, exponent)
        }
    }

    static func same(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (x?, y?): return x.isNaN ? y.isNaN : x.bitPattern == y.bitPattern
        default: return false
        }
    }

    @Test func binaryCopyOf100kRowsBy6ColumnsEqualsWhatWasWritten() throws {
        let db = try connectToFreshDatabase("pgct_client_copy")
        let rows = 100_000
        let written = (0..<6).map { Self.column(UInt64($0 + 1), rows: rows) }
        try db.execute("CREATE TABLE training (id int8 PRIMARY KEY, c0 float8, c1 float8, c2 float8, c3 float8, c4 float8, c5 float8)")
        try db.execute("""
            INSERT INTO training
            SELECT ord, c0, c1, c2, c3, c4, c5
            FROM unnest($1::float8[], $2::float8[], $3::float8[], $4::float8[], $5::float8[], $6::float8[])
                 WITH ORDINALITY AS u(c0, c1, c2, c3, c4, c5, ord)
            """, written.map { .doubleArray($0) })
        #expect(try db.query("SELECT count(*) AS n FROM training").first?.int("n") == Int64(rows))

        let read = try db.copyOutFloat8("SELECT c0, c1, c2, c3, c4, c5 FROM training ORDER BY id", columns: 6)
        #expect(read.count == 6)
        for column in 0..<6 {
            #expect(read[column].count == rows)
            let mismatches = zip(written[column], read[column]).enumerated()
                .filter { !Self.same($0.element.0, $0.element.1) }
            #expect(mismatches.isEmpty, "column \(column): first mismatches \(mismatches.prefix(3))")
        }
        // Every kind of special value was really exercised.
        let all = written.flatMap { $0 }
        #expect(all.contains { $0 == nil })
        #expect(all.contains { $0?.isNaN == true })
        #expect(all.contains { $0 == .infinity } && all.contains { $0 == -.infinity })
    }

    @Test func copyOfAnEmptyResultIsEmptyColumns() throws {
        let db = try connectToFreshDatabase("pgct_client_copy_empty")
        let read = try db.copyOutFloat8("SELECT x::float8, y::float8 FROM generate_series(1, 0) AS x, generate_series(1, 0) AS y;", columns: 2)
        #expect(read == [[], []])
    }

    @Test func copyChecksColumnCountAndTypeAndLeavesTheSessionUsable() throws {
        let db = try connectToFreshDatabase("pgct_client_copy_check")
        let count = #expect(throws: PostgresError.self) {
            try db.copyOutFloat8("SELECT 1::float8 AS a, 2::float8 AS b", columns: 3)
        }
        #expect(count?.kind == .decode)
        let type = #expect(throws: PostgresError.self) {
            try db.copyOutFloat8("SELECT 1::float8 AS a, 2::int8 AS b", columns: 2)
        }
        #expect(type?.kind == .decode)
        #expect(type?.message.contains("\"b\"") == true)
        let missing = #expect(throws: PostgresError.self) {
            try db.copyOutFloat8("SELECT x FROM no_such_table", columns: 1)
        }
        #expect(missing?.sqlState == .undefinedTable)
        let failing = #expect(throws: PostgresError.self) {
            try db.copyOutFloat8("SELECT 1.0::float8 / (g - 3) FROM generate_series(1, 5) g", columns: 1)
        }
        #expect(failing?.sqlState == .divisionByZero)
        #expect(try db.query("SELECT 1 AS one").first?.int("one") == 1)
    }

    @Test func executeRefusesCopyAndStaysUsable() throws {
        let db = try connectToFreshDatabase("pgct_client_copy_exec")
        #expect(throws: PostgresError.self) { try db.execute("COPY (SELECT 1) TO STDOUT") }
        #expect(try db.query("SELECT 2 AS two").first?.int("two") == 2)
    }
}
