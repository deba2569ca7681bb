import Foundation
import Testing
import PostgresClient

@Suite(.serialized) struct QueryTests {
    let db: PostgresConnection

    init() throws {
        db = try connectToFreshDatabase("pgct_client_query")
    }

    @Test func parameterizedQueryWithNullAndNonASCIIText() throws {
        try db.execute("CREATE TABLE people (id int8 PRIMARY KEY, name text, note text)")
        let name = "Zoë Ångström – 東京 🚀 'quoted' \"double\" \\ back"
        let inserted = try db.execute("INSERT INTO people VALUES ($1, $2, $3)", [.int(1), .text(name), .null])
        #expect(inserted.affectedRows == 1)
        let row = try #require(try db.query("SELECT id, name, note FROM people WHERE name = $1", [.text(name)]).first)
        #expect(try row.int("id") == 1)
        #expect(try row.string("name") == name)
        #expect(try row.isNull("note"))
        #expect(try row.string("note") == nil)
        // A value that looks like SQL stays a value.
        let injection = "x'); DROP TABLE people; --"
        try db.execute("INSERT INTO people VALUES (2, $1, NULL)", [.text(injection)])
        #expect(try db.query("SELECT count(*) AS n FROM people").first?.int("n") == 2)
    }

    @Test func typedReads() throws {
        let when = Date(timeIntervalSince1970: 1_700_000_000.654321)
        let row = try #require(try db.query(
            "SELECT $1::int4 AS i, $2::float8 AS d, $3::bool AS b, $4::timestamptz AS t, 'NaN'::float8 AS nan, '-Infinity'::float8 AS ninf, 12.5::numeric AS num",
            [.int(-7), .double(0.1), .bool(true), .timestamp(when)]).first)
        #expect(try row.int("i") == -7)
        #expect(try row.double("d") == 0.1)
        #expect(try row.bool("b") == true)
        #expect(abs(try #require(try row.date("t")).timeIntervalSince1970 - when.timeIntervalSince1970) < 1e-6)
        #expect(try row.double("nan")?.isNaN == true)
        #expect(try row.double("ninf") == -.infinity)
        #expect(try row.double("num") == 12.5)
        #expect(throws: PostgresError.self) { try row.int("d") }
        #expect(throws: PostgresError.self) { try row.string("missing") }
        #expect(row.columns == ["i", "d", "b", "t", "nan", "ninf", "num"])
    }

    @Test func timestampsComeBackInUTCWhateverTheClientSent() throws {
        let row = try #require(try db.query("SELECT '2024-06-01 12:00:00+02'::timestamptz AS t").first)
        #expect(row["t"] == "2024-06-01 10:00:00+00")
        #expect(try row.date("t")?.timeIntervalSince1970 == 1_717_236_000)
    }

    @Test func float8ArrayRoundTrip() throws {
        let values: [Double?] = [1.5, nil, .nan, .infinity, -.infinity, -0.0, 5e-324, 1.0 / 3.0, -1.7976931348623157e308]
        try db.execute("CREATE TABLE arrays (id int PRIMARY KEY, v float8[], t text[])")
        let texts: [String?] = ["a,b", nil, "NULL", "ü \"q\"", "", "{}"]
        try db.execute("INSERT INTO arrays VALUES (1, $1, $2)", [.doubleArray(values), .textArray(texts)])
        let row = try #require(try db.query("SELECT v, t, array_length(v, 1) AS n FROM arrays").first)
        #expect(try row.int("n") == Int64(values.count))
        let back = try #require(try row.doubleArray("v"))
        #expect(back.count == values.count)
        for (written, read) in zip(values, back) {
            switch (written, read) {
            case (nil, nil): break
            case let (w?, r?) where w.isNaN: #expect(r.isNaN)
            case let (w?, r?): #expect(w.bitPattern == r.bitPattern)
            default: Issue.record("NULL mismatch: \(String(describing: written)) vs \(String(describing: read))")
            }
        }
        #expect(try row.textArray("t") == texts)
        #expect(try db.query("SELECT '{}'::float8[] AS e").first?.doubleArray("e") == [])
    }

    @Test func jsonbRoundTrip() throws {
        struct Config: Codable, Equatable { let name: String; let alpha: Double; let tags: [String] }
        let config = Config(name: "modèle \"α\"", alpha: 0.25, tags: ["a", "b"])
        let json = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
        try db.execute("CREATE TABLE docs (id int PRIMARY KEY, body jsonb)")
        try db.execute("INSERT INTO docs VALUES (1, $1)", [.json(json)])
        let row = try #require(try db.query("SELECT body, body->>'name' AS name FROM docs WHERE body @> $1",
                                            [.json(#"{"tags": ["b"]}"#)]).first)
        #expect(try row.json("body", as: Config.self) == config)
        #expect(try row.string("name") == "modèle \"α\"")
        #expect(throws: PostgresError.self) { try row.json("name", as: Config.self) }
    }

    @Test func uniqueViolationHasItsSQLStateAndNoBoundValue() throws {
        try db.execute("CREATE TABLE accounts (email text PRIMARY KEY)")
        try db.execute("INSERT INTO accounts VALUES ($1)", ["secret.person@example.org"])
        let error = #expect(throws: PostgresError.self) {
            try db.execute("INSERT INTO accounts VALUES ($1)", ["secret.person@example.org"])
        }
        #expect(error?.sqlState == .uniqueViolation)
        #expect(error?.kind == .query)
        #expect(error?.severity == "ERROR")
        #expect(error?.constraintName == "accounts_pkey")
        #expect(error?.tableName == "accounts")
        #expect(error.map { !$0.description.contains("secret.person") } == true)
        #expect(error.map { !($0.detail ?? "").contains("secret.person") } == true)
        // The session is still usable after an error.
        #expect(try db.query("SELECT 1 AS one").first?.int("one") == 1)
    }

    @Test func syntaxErrorHasItsSQLState() throws {
        let error = #expect(throws: PostgresError.self) { try db.execute("SELEC 1") }
        #expect(error?.sqlState == .syntaxError)
        #expect(error?.message.contains("syntax error") == true)
        let script = #expect(throws: PostgresError.self) { try db.simpleQuery("SELECT 1; SELEC 2") }
        #expect(script?.sqlState == .syntaxError)
    }

    @Test func invalidInputErrorDoesNotEchoTheValue() throws {
        let error = #expect(throws: PostgresError.self) {
            try db.execute("SELECT $1::int4", [.text("topsecretvalue")])
        }
        #expect(error?.sqlState == .invalidTextRepresentation)
        #expect(error.map { !$0.description.contains("topsecretvalue") } == true)
    }

    @Test func raisedExceptionKeepsHint() throws {
        try db.execute("""
            CREATE FUNCTION fail_with_hint() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'model % not found', 'm1' USING ERRCODE = 'P0002', HINT = 'create it first'; END $$
            """)
        let error = #expect(throws: PostgresError.self) { try db.execute("SELECT fail_with_hint()") }
        #expect(error?.sqlState == .noDataFound)
        #expect(error?.message == "model m1 not found")
        #expect(error?.hint == "create it first")
    }

    @Test func transactionCommitsAndRollsBackOnThrow() throws {
        struct Boom: Error {}
        try db.execute("CREATE TABLE ledger (n int)")
        let value = try db.transaction { tx in
            try tx.execute("INSERT INTO ledger VALUES (1)")
            return 42
        }
        #expect(value == 42)
        #expect(throws: Boom.self) {
            try db.transaction { tx in
                try tx.execute("INSERT INTO ledger VALUES (2)")
                throw Boom()
            }
        }
        #expect(!db.inTransaction)
        // Nested: the inner savepoint is undone, the outer work kept.
        try db.transaction { tx in
            try tx.execute("INSERT INTO ledger VALUES (3)")
            _ = try? tx.transaction { inner in
                try inner.execute("INSERT INTO ledger VALUES (4)")
                throw Boom()
            }
        }
        let rows = try db.query("SELECT n FROM ledger ORDER BY n").rows.map { try $0.int("n") }
        #expect(rows == [1, 3])
    }

    @Test func commitOfAFailedTransactionIsAnError() throws {
        try db.execute("CREATE TABLE guarded (n int CHECK (n > 0))")
        let error = #expect(throws: PostgresError.self) {
            try db.transaction { tx in
                try tx.execute("INSERT INTO guarded VALUES (1)")
                _ = try? tx.execute("INSERT INTO guarded VALUES (-1)")  // swallowed on purpose
            }
        }
        #expect(error?.sqlState == .inFailedSQLTransaction)
        #expect(try db.query("SELECT count(*) AS n FROM guarded").first?.int("n") == 0)
    }

    @Test func sessionIsPreparedForExactTextParsing() throws {
        let row = try #require(try db.query("SELECT current_setting('application_name') AS app, current_setting('DateStyle') AS ds, current_setting('TimeZone') AS tz, current_setting('client_encoding') AS enc").first)
        #expect(row["app"] == "pgct")  // the fallback name, since nothing else named the application
        #expect(row["ds"]?.hasPrefix("ISO") == true)
        #expect(row["tz"] == "UTC")
        #expect(row["enc"] == "UTF8")
        let named = try PostgresConnection(db.settings.with("application_name", "pgct-agent-test"))
        #expect(try named.query("SHOW application_name").first?["application_name"] == "pgct-agent-test")
    }

    @Test func nulBytesInParametersAreRefused() throws {
        #expect(throws: PostgresError.self) { try db.execute("SELECT $1", [.text("a\u{0}b")]) }
    }

    @Test func noticesGoToTheHandler() throws {
        final class Box: @unchecked Sendable { var messages: [String] = [] }
        let box = Box()
        db.noticeHandler = { severity, message in box.messages.append("\(severity): \(message)") }
        defer { db.noticeHandler = nil }
        try db.execute("DO $$ BEGIN RAISE NOTICE 'hello %', 1; END $$")
        #expect(box.messages == ["NOTICE: hello 1"])
    }
}
