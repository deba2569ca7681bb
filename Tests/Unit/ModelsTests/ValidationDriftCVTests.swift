import Foundation
import Testing
@testable import PGCTModels

@Suite struct ValidationTests {
    @Test func profileCountsEveryKindOfBadValue() {
        let p = ColumnProfile(name: "x", values: [1, 2, nil, .nan, .infinity, -.infinity, 3, 4, 100])
        #expect(p.rows == 9 && p.nulls == 1 && p.nans == 1 && p.positiveInfinities == 1 && p.negativeInfinities == 1)
        #expect(p.finiteCount == 5 && p.minimum == 1 && p.maximum == 100)
        // Finite [1, 2, 3, 4, 100]: Q1 = 2, Q3 = 4, fences [-1, 7] → 100 is the only outlier.
        #expect(p.q1 == 2 && p.q3 == 4 && p.outliers == 1 && !p.isConstant)
    }

    @Test func findingsHaveSeveritiesAndRowsAreExcludedOnce() {
        let n = 40
        let x1: [Double?] = (0..<n).map { $0 == 3 ? nil : Double($0) }
        var x2: [Double?] = (0..<n).map { Double($0 % 7) }
        x2[3] = .nan
        x2[5] = .infinity
        let k: [Double?] = Array(repeating: 2, count: n)
        let y: [Double?] = (0..<n).map { Double($0) * 2 }
        let (report, usable) = DataValidator().validate(features: [("x1", x1), ("x2", x2), ("k", k)], target: ("y", y),
                                                        coefficientCount: 4)
        #expect(report.excludedRows == 2)  // row 3 (NULL and NaN together) and row 5
        #expect(report.usableRows == 38 && usable.count == 38 && !usable.contains(3) && !usable.contains(5))
        #expect(report.canTrain)
        let codes = Set(report.findings.map(\.code))
        #expect(codes.isSuperset(of: ["null_values", "nan_values", "infinite_values", "constant_feature"]))
        #expect(report.findings.first { $0.code == "constant_feature" }?.column == "k")
    }

    @Test func errorsRefuseTraining() {
        let tooFew = DataValidator().validate(features: [("x", (0..<5).map { Double($0) })], target: ("y", (0..<5).map { Double($0) }),
                                              coefficientCount: 2).report
        #expect(!tooFew.canTrain && tooFew.errors.map(\.code) == ["too_few_rows"])
        let constantTarget = DataValidator().validate(features: [("x", (0..<20).map { Double($0) })],
                                                      target: ("y", Array(repeating: 1, count: 20)), coefficientCount: 2).report
        #expect(constantTarget.errors.map(\.code) == ["constant_target"])
        let broken = DataValidator().validate(features: [("x", (0..<40).map { $0 < 30 ? nil : Double($0) })],
                                              target: ("y", (0..<40).map { Double($0) }), coefficientCount: 2).report
        #expect(broken.errors.map(\.code).contains("too_many_excluded"))
        // From SQL counts, with a missing column.
        let target = ColumnProfile(name: "y", rows: 100, nulls: 0, nans: 0, positiveInfinities: 0, negativeInfinities: 0,
                                   minimum: 0, maximum: 9, q1: 2, q3: 7, outliers: 0)
        let sql = DataValidator().validate(features: [], target: target, excludedRows: 0, coefficientCount: 2,
                                           missingColumns: ["price"])
        #expect(sql.errors.map(\.code) == ["missing_column"] && sql.errors[0].column == "price")
    }
}

@Suite struct DriftTests {
    static func sample(_ n: Int, shift: Double, scale: Double = 1) -> [Double] {
        (0..<n).map { (i: Int) -> Double in
            let wave: Double = sin(Double(i) * 0.731) + 0.5 * cos(Double(i) * 1.37)
            return wave * scale + shift
        }
    }

    @Test func sameDistributionDoesNotDriftShiftedOneDoes() throws {
        let baseline = try #require(FeatureStatistics(name: "x", values: Self.sample(2000, shift: 0)))
        #expect(baseline.binEdges.count == 9 && abs(baseline.baselineProportions.reduce(0, +) - 1) < 1e-12)
        // Another stretch of the same deterministic sequence: same distribution.
        let same = Array(Self.sample(3000, shift: 0)[2000...])
        let moved = Self.sample(1000, shift: 0.8)
        let report = DriftReport(baselines: [baseline, baseline], current: [same, moved])
        #expect(!report.features[0].drifted && report.features[0].psi < 0.1)
        #expect(report.features[1].drifted && report.features[1].psi > 0.2 && report.features[1].ksPValue < 1e-6)
        #expect(report.driftedFeatures == ["x"] && report.drifted)
    }

    @Test func baselineKSApproximatesTheTwoSampleStatistic() throws {
        let reference = Self.sample(5000, shift: 0)
        let current = Self.sample(800, shift: 0.3, scale: 1.2)
        let baseline = try #require(FeatureStatistics(name: "x", values: reference))
        let exact = KolmogorovSmirnov.statistic(reference, current)
        // Interpolating the CDF between percentiles errs by at most one percentile step.
        #expect(abs(KolmogorovSmirnov.statistic(baseline: baseline, sample: current) - exact) <= 0.01)
    }

    @Test func smallWindowsAreNotJudged() throws {
        let baseline = try #require(FeatureStatistics(name: "x", values: Self.sample(1000, shift: 0)))
        let report = DriftReport(baselines: [baseline], current: [Self.sample(10, shift: 5)])
        #expect(!report.drifted && report.features[0].psi > 1)
    }
}

@Suite struct CrossValidationTests {
    @Test func perFoldStatisticsScoreLikeRefittingOnRows() throws {
        let (x, y) = TestData.columns(300)
        let ids = (0..<300).map { "row-\($0)" }
        let split = HashSplit(testFraction: 0.2, seed: 42)
        let folds = CrossValidation.foldStatistics(columns: x, target: y, ids: ids, split: split, folds: 5)
        #expect(folds.reduce(0) { $0 + $1.count } == ids.filter { !split.isTest(id: $0) }.count)
        let result = try CrossValidation.selectRidgeAlpha(foldStatistics: folds, featureNames: ["x1", "x2", "x3"],
                                                          alphas: [0, 0.1, 10])
        // Recompute the alpha = 10 score by refitting on rows and predicting each held-out row.
        var sse = 0.0, count = 0
        for k in 0..<5 {
            let train = (0..<300).filter { !split.isTest(id: ids[$0]) && split.fold(id: ids[$0], folds: 5) != k }
            let held = (0..<300).filter { !split.isTest(id: ids[$0]) && split.fold(id: ids[$0], folds: 5) == k }
            let m = try LinearFitter.fit(columns: x.map { c in train.map { c[$0] } }, target: train.map { y[$0] },
                                         featureNames: ["x1", "x2", "x3"], options: FitOptions(algorithm: .ridge(alpha: 10)))
            for i in held { let e = y[i] - m.predict([x[0][i], x[1][i], x[2][i]]); sse += e * e; count += 1 }
        }
        let score = try #require(result.scores.first { $0.alpha == 10 })
        #expect(TestData.close(score.meanSquaredError, sse / Double(count), 1e-9))
        // The data are linear with little noise: heavy shrinkage must not win.
        #expect(result.bestAlpha < 10)
    }
}
