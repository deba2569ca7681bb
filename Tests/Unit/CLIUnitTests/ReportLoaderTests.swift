import Foundation
import Testing
@testable import PGCTCLI

/// The pure parts of the report loader: importance from stored percentiles, and the agent's
/// jsonb (booleans written as 0/1, non-finite numbers as null).
@Suite struct ReportLoaderTests {
    /// Percentiles 0…100 of a uniform distribution on [lo, hi].
    static func uniformPercentiles(_ lo: Double, _ hi: Double) -> [Double] {
        (0...100).map { lo + (hi - lo) * Double($0) / 100 }
    }

    @Test func importanceIsTheMeanAbsoluteContribution() {
        // x uniform on [0, 10], mean 5: E|x − 5| = 2.5, so |c| × 2.5; z constant: no contribution.
        let result = Importance.fromPercentiles(
            coefficients: [-2, 3], names: ["x", "z"], means: [5, 4],
            percentiles: [Self.uniformPercentiles(0, 10), [Double](repeating: 4, count: 101)], degree: 1)
        #expect(result.map(\.feature) == ["x", "z"])
        #expect(abs(result[0].meanAbsContribution - 5) < 1e-9)
        #expect(result[1].meanAbsContribution == 0)
    }

    @Test func importanceCoversPolynomialPowers() {
        // x uniform on [0, 1]: E[x²] = 1/3 and E|x² − 1/3| = 4/(9√3) ≈ 0.2566 (the grid is close).
        let result = Importance.fromPercentiles(
            coefficients: [1, 6], names: ["x", "x^2"], means: [0.5, 1.0 / 3],
            percentiles: [Self.uniformPercentiles(0, 1)], degree: 2)
        let square = try! #require(result.first { $0.feature == "x^2" })
        #expect(abs(square.meanAbsContribution - 6 * 4 / (9 * 3.0.squareRoot())) < 0.01)
        let linear = try! #require(result.first { $0.feature == "x" })
        #expect(abs(linear.meanAbsContribution - 0.25) < 1e-3)
    }

    @Test func importanceNeedsMatchingShapes() {
        #expect(Importance.fromPercentiles(coefficients: [1, 2], names: ["x", "y"], means: [0, 0],
                                           percentiles: [Self.uniformPercentiles(0, 1)], degree: 1).isEmpty)
    }

    @Test func driftJSONReadsTheAgentsEncoding() throws {
        let text = """
            {"features": [{"name": "x", "count": 100, "psi": 3.98, "ks_statistic": 0.61, "ks_p_value": 0, "drifted": 1, "warning": 1},
                          {"name": "z", "count": 20, "psi": 0.01, "ks_statistic": 0.1, "ks_p_value": null, "drifted": 0, "warning": 0}],
             "thresholds": {"psi_drift": 0.2, "psi_warning": 0.1, "ks_p_value": 0.05, "minimum_sample_size": 100, "ks_minimum_statistic": 0.1}}
            """
        let drift = try #require(DriftJSON(text: text))
        #expect(drift.psiThreshold == 0.2)
        #expect(drift.features.map(\.drifted) == [true, false])
        #expect(drift.features[0].n == 100 && drift.features[0].ks == 0.61)
        #expect(drift.features[1].ksPValue == nil)
        #expect(DriftJSON(text: "null") == nil)
    }

    @Test func validationJSONKeepsFindings() {
        let summary = ValidationJSON.summary(
            ["total_rows": 150, "usable_rows": 149, "excluded_rows": 1,
             "findings": [["severity": "warning", "code": "outliers_iqr", "column": "y", "message": "1 value", "count": 1]]],
            at: nil, version: 2)
        #expect(summary.totalRows == 150 && summary.usableRows == 149 && summary.excludedRows == 1)
        #expect(summary.findings.first?.severity == .warning && summary.findings.first?.code == "outliers_iqr")
        #expect(summary.version == 2)
    }
}
