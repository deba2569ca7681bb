import Foundation
@testable import PGCTReport

/// A deterministic generator (SplitMix64) so the sample report is the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { Double.random(in: lo..<hi, using: &self) }

    /// Standard normal by Box–Muller.
    mutating func normal() -> Double {
        let u = max(uniform(0, 1), 1e-300), v = uniform(0, 1)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}

/// A realistic report telling the seed's story: v1 trained on points near y = 1.19x + 6.7,
/// stable live R², then the points change to a flat cloud with another slope and offset, live
/// R² falls below 0.2, the agent retrains and promotes v2. Metrics are computed from simulated
/// rows (simple regression in closed form), not typed in.
enum SampleReport {
    static let start = Date(timeIntervalSince1970: 1_714_557_600)  // 2024-05-01 10:00:00 UTC

    struct Row { var x: Double; var y: Double; var at: Date }

    struct Fit {
        var slope: Double, intercept: Double
        var seSlope: Double, seIntercept: Double, n: Int
        func predict(_ x: Double) -> Double { intercept + slope * x }
    }

    static func fit(_ rows: [Row]) -> Fit {
        let n = Double(rows.count)
        let mx = rows.map(\.x).reduce(0, +) / n, my = rows.map(\.y).reduce(0, +) / n
        let sxx = rows.map { ($0.x - mx) * ($0.x - mx) }.reduce(0, +)
        let sxy = rows.map { ($0.x - mx) * ($0.y - my) }.reduce(0, +)
        let b = sxy / sxx, a = my - b * mx
        let sse = rows.map { pow($0.y - (a + b * $0.x), 2) }.reduce(0, +)
        let s2 = sse / (n - 2)
        return Fit(slope: b, intercept: a, seSlope: (s2 / sxx).squareRoot(),
                   seIntercept: (s2 * (1 / n + mx * mx / sxx)).squareRoot(), n: rows.count)
    }

    static func metrics(_ rows: [Row], _ f: Fit) -> (r2: Double, mae: Double, rmse: Double) {
        let my = rows.map(\.y).reduce(0, +) / Double(rows.count)
        let res = rows.map { $0.y - f.predict($0.x) }
        let sse = res.map { $0 * $0 }.reduce(0, +)
        let sst = rows.map { pow($0.y - my, 2) }.reduce(0, +)
        return (1 - sse / sst, res.map(abs).reduce(0, +) / Double(rows.count), (sse / Double(rows.count)).squareRoot())
    }

    /// Splits like pgct: every fifth row to test (stand-in for the hash split).
    static func split(_ rows: [Row]) -> (train: [Row], test: [Row]) {
        let indexed = rows.enumerated()
        return (indexed.filter { $0.offset % 5 != 0 }.map(\.element), indexed.filter { $0.offset % 5 == 0 }.map(\.element))
    }

    static func make(seed: UInt64 = 42) -> ReportData {
        var rng = SplitMix64(state: seed)
        func t(_ s: Double) -> Date { start.addingTimeInterval(s) }
        func seedPoint(at: Date) -> Row {
            let x = rng.uniform(0, 100)
            return Row(x: x, y: 1.19 * x + 6.7 + 6 * rng.normal(), at: at)
        }
        func flatPoint(at: Date) -> Row {
            let x = rng.uniform(30, 130)
            return Row(x: x, y: 0.35 * x + 55 + 4 * rng.normal(), at: at)
        }

        // Phase 1: initial data, v1 trained and promoted.
        let initial = (0..<500).map { _ in seedPoint(at: t(0)) }
        let (train1, test1) = split(initial)
        let v1 = fit(train1)
        let m1train = metrics(train1, v1), m1test = metrics(test1, v1)

        // Phases 2–3: rows arrive every second (10 per tick); monitoring every 5 s over the last
        // 200 labelled rows the production version predicted.
        var production = v1, productionVersion = 1
        var predicted: [(row: Row, version: Int, fit: Fit)] = []
        var monitoring: [ReportData.MonitoringPoint] = []
        var v2: Fit?, v2test: (r2: Double, mae: Double, rmse: Double)?, v2train: (r2: Double, mae: Double, rmse: Double)?
        var v2Created: Date?, v2Promoted: Date?, v2Train: [Row] = [], v2Test: [Row] = []
        var retrainReason = ""
        for second in stride(from: 10, through: 170, by: 1) {
            let now = t(Double(second))
            let drifted = second >= 70
            for _ in 0..<4 {
                predicted.append((drifted ? flatPoint(at: now) : seedPoint(at: now), productionVersion, production))
            }
            guard second % 5 == 0 else { continue }
            let window = predicted.filter { $0.version == productionVersion }.suffix(200)
            if window.count < 30 {
                monitoring.append(.init(at: now, version: productionVersion, n: window.count, decision: .insufficientData))
                continue
            }
            let m = metrics(window.map(\.row), production)
            let xs = window.map(\.row.x)
            let psi = xs.filter { $0 > 100 }.count > 10 ? 0.05 + 3.0 * Double(xs.filter { $0 > 100 }.count) / Double(xs.count) : 0.02 + 0.03 * rng.uniform(0, 1)
            let decision: ReportData.MonitoringPoint.Decision = m.r2 < 0.2 ? .retrain : .stable
            monitoring.append(.init(at: now, version: productionVersion, n: window.count, r2: m.r2, mae: m.mae, rmse: m.rmse,
                                    decision: decision, drift: [.init(feature: "x", score: psi)]))
            if decision == .retrain && v2 == nil {
                // Retrain on the model's window (the last 120 rows: all of the new kind by now),
                // compare with production on the candidate's test rows, promote the better one.
                let recent = Array(predicted.suffix(120).map(\.row))
                (v2Train, v2Test) = split(recent)
                let candidate = fit(v2Train)
                v2 = candidate
                v2test = metrics(v2Test, candidate)
                v2train = metrics(v2Train, candidate)
                let prodOnSame = metrics(v2Test, production)
                precondition(v2test!.mae < prodOnSame.mae && v2test!.r2 > prodOnSame.r2, "the sample story needs v2 to win")
                retrainReason = "live R² \(NumberFormat.number(m.r2, significant: 3)) < 0.2; candidate MAE \(NumberFormat.number(v2test!.mae, significant: 3)) < production \(NumberFormat.number(prodOnSame.mae, significant: 3)) on the same \(v2Test.count) rows"
                v2Created = now.addingTimeInterval(1.2)
                v2Promoted = now.addingTimeInterval(1.6)
                production = candidate
                productionVersion = 2
            }
        }

        let finalWindow = predicted.filter { $0.version == 2 }
        let lastDrift = monitoring.last!
        let options: [ReportData.Option] = [
            ("fit_intercept", "true"), ("polynomial_degree", "1"), ("test_fraction", "0.2"), ("seed", "42"),
            ("window", "{\"last_rows\": 120}"), ("min_rows", "30"), ("promotion_metric", "mae"),
            ("min_improvement", "0"), ("require_approval", "false"), ("monitor_window", "200"),
            ("r2_threshold", "0.2"), ("drift_threshold", "0.2"), ("cooldown", "30 seconds"),
        ].map { ReportData.Option(key: $0.0, value: $0.1) }
        let v2fit = v2!
        return ReportData(
            generatedAt: t(175),
            model: .init(name: "points", source: "public.points", idColumn: "id", timeColumn: "created_at", target: "y",
                         features: ["x"], algorithm: "linear", options: options, productionVersion: 2,
                         createdAt: t(-2), createdBy: "demo"),
            versions: [
                .init(version: 1, status: "archived", createdAt: t(4), trainR2: m1train.r2, testR2: m1test.r2,
                      trainMAE: m1train.mae, testMAE: m1test.mae, testRMSE: m1test.rmse, trainRows: train1.count,
                      testRows: test1.count, solver: "cholesky", decision: "promoted", reason: "first version"),
                .init(version: 2, status: "production", createdAt: v2Created, trainR2: v2train!.r2, testR2: v2test!.r2,
                      trainMAE: v2train!.mae, testMAE: v2test!.mae, testRMSE: v2test!.rmse, trainRows: v2Train.count,
                      testRows: v2Test.count, solver: "cholesky", decision: "promoted", reason: retrainReason),
            ],
            monitoring: monitoring,
            thresholds: .init(r2: 0.2, drift: 0.2),
            deployments: [
                .init(at: t(5), version: 1, action: .promote, reason: "first version", actor: "pgct_agent"),
                .init(at: v2Promoted!, version: 2, previousVersion: 1, action: .promote, reason: retrainReason, actor: "pgct_agent"),
            ],
            predictions: .init(version: 2, points: finalWindow.map { .init(actual: $0.row.y, predicted: $0.fit.predict($0.row.x)) },
                               totalRows: finalWindow.count),
            coefficients: .init(version: 2,
                                intercept: .init(name: "(intercept)", estimate: v2fit.intercept, standardError: v2fit.seIntercept,
                                                 tStatistic: v2fit.intercept / v2fit.seIntercept, pValue: 1e-40),
                                coefficients: [.init(name: "x", estimate: v2fit.slope, standardError: v2fit.seSlope,
                                                     tStatistic: v2fit.slope / v2fit.seSlope, pValue: 2e-31)],
                                conditionNumber: 210),
            importance: [.init(feature: "x", meanAbsContribution:
                                abs(v2fit.slope) * meanAbsDeviation(finalWindow.map(\.row.x)))],
            drift: .init(at: lastDrift.at, version: 1, features: [
                .init(feature: "x", psi: monitoring.last { $0.version == 1 }!.drift[0].score, ks: 0.58, ksPValue: 3e-29,
                      drifted: true, n: 200),
            ]),
            validation: .init(at: v2Created, version: 2, totalRows: 122, usableRows: 120, excludedRows: 2, findings: [
                .init(severity: .warning, code: "missing_target", column: "y",
                      message: "2 rows have no value in the target column yet; they were left out", count: 2),
                .init(severity: .info, code: "outliers_iqr", column: "x",
                      message: "3 values lie outside 1.5 × IQR of the column; they were kept", count: 3),
            ]))
    }

    static func meanAbsDeviation(_ xs: [Double]) -> Double {
        let m = xs.reduce(0, +) / Double(xs.count)
        return xs.map { abs($0 - m) }.reduce(0, +) / Double(xs.count)
    }
}
