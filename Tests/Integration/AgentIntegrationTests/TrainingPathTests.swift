import Foundation
@testable import PGCTCLI
import PostgresClient
import Testing

/// The two solver paths and ridge with cross-validation, through `pgct train`.
@Suite(.serialized) struct TrainingPathTests {
    func outcome(_ run: CommandResult) throws -> [String: Any] {
        #expect(run.status == 0, "train failed: \(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    @Test func polynomialFeaturesTakeTheAccuratePathFromRows() throws {
        let db = try AgentTestDatabase(prefix: "poly")
        try db.sql("CREATE TABLE curve (id int PRIMARY KEY, x float8, y float8)")
        try db.sql("INSERT INTO curve SELECT g, g / 10.0, 1 + 2 * (g / 10.0) + 3 * (g / 10.0) ^ 2 FROM generate_series(1, 80) g")
        try db.sql("SELECT pgct.create_model('curve', 'curve', 'y', ARRAY['x'], 'linear', '{\"polynomial_degree\": 2}')")
        let result = try outcome(try db.pgct(["train", "curve", "--json"]))
        let fit = try #require(result["fit"] as? [String: Any])
        #expect(fit["solver"] as? String == "accurate")
        #expect(fit["expanded_feature_names"] as? [String] == ["x", "x^2"])
        let coefficients = try #require(fit["coefficients"] as? [Double])
        #expect(abs(coefficients[0] - 2) < 1e-9 && abs(coefficients[1] - 3) < 1e-9)
        #expect(abs((fit["intercept"] as? Double ?? 0) - 1) < 1e-9)
        // The generated function expands the powers itself.
        let predicted = try #require(try db.sql("SELECT pgct_models.curve(2) AS p").rows.first?.double("p"))
        #expect(abs(predicted - 17) < 1e-9)
    }

    @Test func ridgeChoosesAlphaByCrossValidation() throws {
        let db = try AgentTestDatabase(prefix: "ridge")
        try db.sql("CREATE TABLE r (id int PRIMARY KEY, a float8, b float8, y float8)")
        try db.sql("INSERT INTO r SELECT g, sin(g), cos(g * 1.3), 3 * sin(g) - 2 * cos(g * 1.3) + 0.1 * sin(g * 7.1)"
                   + " FROM generate_series(1, 300) g")
        try db.sql("SELECT pgct.create_model('r', 'r', 'y', ARRAY['a', 'b'], 'ridge', '{\"folds\": 5}')")
        let result = try outcome(try db.pgct(["train", "r", "--json"]))
        #expect(result["decision"] as? String == "promoted")
        let fit = try #require(result["fit"] as? [String: Any])
        let coefficients = try #require(fit["coefficients"] as? [Double])
        #expect(abs(coefficients[0] - 3) < 0.1 && abs(coefficients[1] + 2) < 0.1)
        let stored = try #require(try db.value("SELECT fit -> 'cross_validation' ->> 'folds' FROM pgct.model_versions WHERE version = 1"))
        #expect(stored == "5")
        // With folds the training rows are the merged folds: every row is counted on one side.
        #expect(try db.int("SELECT train_rows + test_rows FROM pgct.model_versions WHERE version = 1") == 300)
        let alpha = try #require(try db.value("SELECT fit -> 'cross_validation' ->> 'best_alpha' FROM pgct.model_versions WHERE version = 1"))
        #expect(Double(alpha) != nil)
    }

    @Test func experimentsAreRegisteredButNeverPromoted() throws {
        let db = try AgentTestDatabase(prefix: "experiment")
        try db.createPointsModel(options: #"{"min_rows": 20}"#)
        var data = DemoPoints(seed: 17)
        try db.insertPoints(data.line(100, slope: 1.19, intercept: 6.7, noise: 0.5))
        _ = try outcome(try db.pgct(["train", "points", "--json"]))
        let result = try outcome(try db.pgct(["train", "points", "--json", "--overrides", #"{"test_fraction": 0.3, "promote": false}"#]))
        #expect(result["decision"] as? String == "kept_production")
        #expect((result["reason"] as? String ?? "").contains("experiment"))
        #expect(try db.int("SELECT production_version FROM pgct.models") == 1)
        #expect(try db.value("SELECT promotable::text FROM pgct.model_versions WHERE version = 2") == "false")
        // Without a test part the candidate and production are compared on all the rows.
        let all = try outcome(try db.pgct(["train", "points", "--json", "--overrides", #"{"test_fraction": 0}"#]))
        let compared = (all["production"] as? [String: Any])?["metrics_on_same_rows"] as? [String: Any]
        #expect(compared?["n"] as? Int == 100)
        #expect((all["metrics"] as? [String: Any])?["test"] is NSNull)
        // A bad overrides value is refused before anything runs.
        let bad = try db.pgct(["train", "points", "--overrides", "[1]"])
        #expect(bad.status == 2)
    }
}
