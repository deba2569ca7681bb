import Foundation
@testable import PGCTCLI
import PostgresClient
import Testing

/// Bad data never crashes the agent: it is excluded and counted, or refused with a reason.
@Suite(.serialized) struct BadDataTests {
    @Test func nonFiniteRowsAreExcludedAndCounted() throws {
        let db = try AgentTestDatabase(prefix: "bad_values")
        try db.createPointsModel(options: #"{"min_rows": 20}"#)
        var data = DemoPoints(seed: 21)
        try db.insertPoints(data.line(80, slope: 1.19, intercept: 6.7, noise: 0.5))
        // One row of each bad kind, in the feature and in the target; every INSERT succeeds.
        try db.sql("""
            INSERT INTO points (x, y) VALUES (NULL, 1), ('NaN', 1), ('Infinity', 1), ('-Infinity', 1),
                                             (1, NULL), (1, 'NaN'), (1, 'Infinity'), (1, '-Infinity')
            """)
        let run = try db.pgct(["train", "points", "--json"])
        #expect(run.status == 0, "train failed: \(run.stderr)")
        let outcome = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(outcome["decision"] as? String == "promoted")
        let validation = try #require(outcome["validation"] as? [String: Any])
        #expect(validation["excluded_rows"] as? Int == 8)  // (1, NULL) is unlabelled: excluded from training too
        let codes = (validation["findings"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(codes.contains("null_values") && codes.contains("nan_values") && codes.contains("infinite_values"))
        let fit = try #require(outcome["fit"] as? [String: Any])
        // Every one of the 80 good rows is used, on one side of the split or the other.
        let testRows = ((outcome["metrics"] as? [String: Any])?["test"] as? [String: Any])?["n"] as? Int
        #expect((fit["n"] as? Int ?? 0) + (testRows ?? 0) == 80)
        let coefficient = try #require((fit["coefficients"] as? [Double])?.first)
        #expect(abs(coefficient - 1.19) < 0.05)
    }

    @Test func constantFeatureIsReportedByName() throws {
        let db = try AgentTestDatabase(prefix: "constant")
        try db.sql("CREATE TABLE readings (id bigserial PRIMARY KEY, x float8, flat float8, y float8)")
        try db.sql("SELECT pgct.create_model('readings', 'readings'::regclass, 'y', ARRAY['x', 'flat'], 'linear', '{\"min_rows\": 20}')")
        try db.sql("INSERT INTO readings (x, flat, y) SELECT g, 3, 2 * g + 1 + sin(g) FROM generate_series(1, 60) g")
        let run = try db.pgct(["train", "readings", "--json"])
        #expect(run.status == 0, "train failed: \(run.stderr)")
        #expect(try db.int("SELECT count(*) FROM pgct.events WHERE event = 'step_training' AND message LIKE '%rank deficient%flat%'") == 1)
        let deficiencies = try #require(try db.value("SELECT fit -> 'rank_deficiencies' FROM pgct.model_versions WHERE version = 1"))
        #expect(deficiencies.contains("\"flat\""))
        let coefficients = try #require(try db.sql("SELECT coefficients FROM pgct.model_versions WHERE version = 1")
            .rows.first?.doubleArray("coefficients"))
        #expect(coefficients.allSatisfy { $0?.isFinite == true })
    }

    @Test func tooFewRowsTrainsNothingAndSaysWhy() throws {
        let db = try AgentTestDatabase(prefix: "few_rows")
        try db.createPointsModel(options: #"{"min_rows": 50}"#)
        var data = DemoPoints(seed: 2)
        try db.insertPoints(data.line(20, slope: 1.19, intercept: 6.7, noise: 0.5))
        let run = try db.pgct(["agent", "--once"])
        #expect(run.status == 0, "agent failed: \(run.stderr)")
        #expect(try db.int("SELECT count(*) FROM pgct.model_versions") == 0)
        let message = try #require(try db.value("SELECT message FROM pgct.events WHERE event = 'insufficient_rows'"))
        #expect(message.contains("20 usable rows"))
        // Once enough rows arrive, the doorbell leads to the first version.
        try db.insertPoints(data.line(40, slope: 1.19, intercept: 6.7, noise: 0.5))
        #expect(try db.pgct(["agent", "--once"]).status == 0)
        #expect(try db.int("SELECT production_version FROM pgct.models") == 1)
    }
}

/// Awkward identifiers travel through the whole loop quoted, never as SQL.
@Suite(.serialized) struct IdentifierTests {
    @Test func quotedNamesWorkEndToEnd() throws {
        let db = try AgentTestDatabase(prefix: "identifiers")
        try db.sql(#"CREATE SCHEMA "Sales; DROP TABLE x""#)
        try db.sql(#"CREATE TABLE "Sales; DROP TABLE x"."Höuses ""2026""" ("Id" bigint PRIMARY KEY, "Rooms, total" float8, "größe" numeric, "Price'); --" float8)"#)
        try db.sql(#"INSERT INTO "Sales; DROP TABLE x"."Höuses ""2026""" SELECT g, g % 7, g % 11, 3 * (g % 7) + 2 * (g % 11) + sin(g) FROM generate_series(1, 120) g"#)
        try db.sql(#"SELECT pgct.create_model('houses', '"Sales; DROP TABLE x"."Höuses ""2026"""', 'Price''); --', ARRAY['Rooms, total', 'größe'], 'linear', '{"min_rows": 20}')"#)
        let run = try db.pgct(["agent", "--once"])
        #expect(run.status == 0, "agent failed: \(run.stderr)")
        #expect(try db.int("SELECT production_version FROM pgct.models") == 1)
        let coefficients = try #require(try db.sql("SELECT coefficients FROM pgct.model_versions WHERE version = 1")
            .rows.first?.doubleArray("coefficients"))
        #expect(abs((coefficients[0] ?? 0) - 3) < 0.2 && abs((coefficients[1] ?? 0) - 2) < 0.2)
        // New rows are predicted through the same quoting; the generated function takes the names.
        try db.sql(#"INSERT INTO "Sales; DROP TABLE x"."Höuses ""2026""" VALUES (1000, 3, 4, 17)"#)
        #expect(try db.pgct(["agent", "--once"]).status == 0)
        #expect(try db.int("SELECT count(*) FROM pgct.predictions WHERE row_id = '1000' AND version = 1") == 1)
        let predicted = try #require(try db.sql("SELECT pgct_models.houses(3, 4) AS p").rows.first?.double("p"))
        #expect(abs(predicted - 17) < 1)
    }
}
