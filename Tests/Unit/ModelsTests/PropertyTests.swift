import Foundation
import Testing
@testable import PGCTModels

/// Invariances the fitter must satisfy whatever the data.
@Suite struct PropertyTests {
    static let names = ["x1", "x2", "x3"]

    @Test func permutingRowsChangesNoCoefficient() throws {
        let (x, y) = TestData.columns(200)
        // A fixed permutation: i ↦ 37·i mod 200 (37 is coprime with 200).
        let order = (0..<200).map { ($0 * 37) % 200 }
        let px = x.map { c in order.map { c[$0] } }, py = order.map { y[$0] }
        for solver in [SolverChoice.fast, .accurate] {
            let a = try LinearFitter.fit(columns: x, target: y, featureNames: Self.names, options: FitOptions(solver: solver))
            let b = try LinearFitter.fit(columns: px, target: py, featureNames: Self.names, options: FitOptions(solver: solver))
            #expect(TestData.close(b.intercept, a.intercept!, 1e-12))
            for i in 0..<3 { #expect(TestData.close(b.coefficients[i], a.coefficients[i], 1e-12), "\(solver) b\(i)") }
        }
    }

    @Test func scalingAFeatureScalesItsCoefficientInversely() throws {
        let (x, y) = TestData.columns(100)
        for c in [1000.0, 1e-3, -7.5] {
            var scaled = x
            scaled[1] = x[1].map { $0 * c }
            for solver in [SolverChoice.fast, .accurate] {
                let a = try LinearFitter.fit(columns: x, target: y, featureNames: Self.names, options: FitOptions(solver: solver))
                let b = try LinearFitter.fit(columns: scaled, target: y, featureNames: Self.names, options: FitOptions(solver: solver))
                #expect(TestData.close(b.coefficients[1], a.coefficients[1] / c, 1e-12), "c \(c) \(solver)")
                #expect(TestData.close(b.coefficients[0], a.coefficients[0], 1e-12))
                #expect(TestData.close(b.standardErrors?[1] ?? nil, (a.standardErrors![1]!) / abs(c), 1e-10))
            }
        }
    }

    @Test func fastAndAccuratePathsAgreeOnWellConditionedData() throws {
        let (x, y) = TestData.columns(500)
        for intercept in [true, false] {
            let f = try LinearFitter.fit(columns: x, target: y, featureNames: Self.names,
                                         options: FitOptions(fitIntercept: intercept, solver: .fast))
            let a = try LinearFitter.fit(columns: x, target: y, featureNames: Self.names,
                                         options: FitOptions(fitIntercept: intercept, solver: .accurate))
            #expect(f.solver == .fast && a.solver == .accurate)
            if intercept { #expect(TestData.close(f.intercept, a.intercept!, 1e-10)) }
            for i in 0..<3 {
                #expect(TestData.close(f.coefficients[i], a.coefficients[i], 1e-10))
                #expect(TestData.close(f.standardErrors?[i] ?? nil, a.standardErrors![i]!, 1e-10))
            }
            #expect(TestData.close(f.residualStandardDeviation, a.residualStandardDeviation!, 1e-10))
            #expect(TestData.close(f.r2, a.r2!, 1e-12))
        }
    }

    @Test func mergedHalvesEqualTheWhole() {
        let (x, y) = TestData.columns(301)
        let whole = SufficientStatistics(columns: x, target: y)
        let first = SufficientStatistics(columns: x.map { Array($0[0..<120]) }, target: Array(y[0..<120]))
        let second = SufficientStatistics(columns: x.map { Array($0[120...]) }, target: Array(y[120...]))
        let merged = first.merged(with: second)
        #expect(merged.count == whole.count)
        #expect(TestData.close(merged.targetMean, whole.targetMean, 1e-14))
        #expect(TestData.close(merged.targetSumOfSquares, whole.targetSumOfSquares, 1e-12))
        for i in 0..<3 {
            #expect(TestData.close(merged.featureMeans[i], whole.featureMeans[i], 1e-14))
            #expect(TestData.close(merged.crossTarget[i], whole.crossTarget[i], 1e-12))
            for j in 0..<3 { #expect(TestData.close(merged.crossProduct(i, j), whole.crossProduct(i, j), 1e-12)) }
        }
        #expect(first.merged(with: SufficientStatistics(featureCount: 3)) == first)
    }

    /// The SQL route: count, avg and covar_pop (here computed two-pass) give the same statistics.
    @Test func statisticsFromSQLAggregatesMatchAccumulation() throws {
        let (x, y) = TestData.columns(80)
        let n = Double(y.count)
        let means = x.map { $0.reduce(0, +) / n }, yMean = y.reduce(0, +) / n
        func covar(_ a: [Double], _ ma: Double, _ b: [Double], _ mb: Double) -> Double {
            zip(a, b).reduce(0) { $0 + ($1.0 - ma) * ($1.1 - mb) } / n
        }
        var cov: [Double] = []
        for j in 0..<3 { for i in 0..<3 { cov.append(covar(x[i], means[i], x[j], means[j])) } }
        let sql = SufficientStatistics(count: y.count, featureMeans: means, targetMean: yMean, featureCovariance: cov,
                                       featureTargetCovariance: (0..<3).map { covar(x[$0], means[$0], y, yMean) },
                                       targetVariance: covar(y, yMean, y, yMean))
        let a = try LinearFitter.fit(statistics: sql, featureNames: Self.names)
        let b = try LinearFitter.fit(columns: x, target: y, featureNames: Self.names, options: FitOptions(solver: .fast))
        for i in 0..<3 { #expect(TestData.close(a.coefficients[i], b.coefficients[i], 1e-12)) }
        #expect(TestData.close(a.intercept, b.intercept!, 1e-12))
    }

    @Test func explanationsSumToPredictionMinusBase() throws {
        let (x, y) = TestData.columns(60)
        let model = try LinearFitter.fit(columns: [x[0], x[1]], target: y, featureNames: ["x1", "x2"],
                                         options: FitOptions(polynomialDegree: 2))
        #expect(model.expandedFeatureNames == ["x1", "x1^2", "x2", "x2^2"])
        // The base value is the mean training prediction.
        let predictions = (0..<60).map { model.predict([x[0][$0], x[1][$0]]) }
        #expect(TestData.close(model.baseValue, predictions.reduce(0, +) / 60, 1e-12))
        for row in [[9.5, 0.3], [12.0, 2.0], [7.1, -1.0]] {
            let e = Explanation(model: model, features: row)
            #expect(abs(e.contributions.reduce(0, +) - (e.prediction - e.baseValue)) <= 1e-9 * max(1, abs(e.prediction)))
        }
        let importance = Explanation.globalImportance(model: model, rows: (0..<60).map { [x[0][$0], x[1][$0]] })
        #expect(importance.count == 4 && importance.values.allSatisfy { $0 >= 0 })
    }

    @Test func rankDeficiencyIsNamedNeverNaN() throws {
        let (x, y) = TestData.columns(50)
        let duplicate = x[0].map { 2 * $0 + 1 }
        let constant = [Double](repeating: 3, count: 50)
        for solver in [SolverChoice.auto, .fast, .accurate] {
            let m = try LinearFitter.fit(columns: [x[0], duplicate, constant, x[1]], target: y,
                                         featureNames: ["a", "twice_a", "k", "b"], options: FitOptions(solver: solver))
            let named = Set(m.rankDeficiencies.map(\.feature))
            #expect(named.contains("k"), "\(solver): constant named")
            #expect(named.contains("a") || named.contains("twice_a"), "\(solver): collinear named")
            #expect(m.rankDeficiencies.count == 2)
            #expect(m.coefficients.allSatisfy(\.isFinite) && m.intercept!.isFinite)
            #expect(m.coefficients[2] == 0)
            // The fit still reproduces the data as well as the full-rank model on (a, b).
            let reference = try LinearFitter.fit(columns: [x[0], x[1]], target: y, featureNames: ["a", "b"])
            #expect(TestData.close(m.residualStandardDeviation, reference.residualStandardDeviation!, 1e-8))
            #expect((try? JSONEncoder().encode(m)) != nil)
        }
    }

    @Test func autoFallsBackToAccurateWhenIllConditioned() throws {
        let (x, y) = TestData.columns(80)
        // Nearly collinear: a second column within 1e-6 relative of the first.
        let near = x[0].enumerated().map { $0.element * (1 + 1e-6 * sin(Double($0.offset))) }
        let m = try LinearFitter.fit(columns: [x[0], near], target: y, featureNames: ["a", "a2"])
        #expect(m.solver == .accurate)
        #expect(m.solverReason.hasPrefix("ill-conditioned"))
        let stats = SufficientStatistics(columns: [x[0], near], target: y)
        #expect(throws: FitError.self) { try LinearFitter.fit(statistics: stats, featureNames: ["a", "a2"]) }
    }

    @Test func tooFewRowsAndBadInputAreErrors() {
        #expect(throws: FitError.tooFewRows(rows: 2, required: 3)) {
            try LinearFitter.fit(columns: [[1, 2]], target: [1, 2], featureNames: ["x"], options: FitOptions(polynomialDegree: 2))
        }
        #expect(throws: FitError.nonFiniteInput(column: "x")) {
            try LinearFitter.fit(columns: [[1, .nan, 3, 4]], target: [1, 2, 3, 4], featureNames: ["x"])
        }
    }

    @Test func modelRoundTripsThroughJSON() throws {
        let (x, y) = TestData.columns(40)
        let m = try LinearFitter.fit(columns: x, target: y, featureNames: Self.names)
        let back = try JSONDecoder().decode(FittedModel.self, from: JSONEncoder().encode(m))
        #expect(back == m)
        #expect(back.predict([10, 1, 3]) == m.predict([10, 1, 3]))
    }
}
