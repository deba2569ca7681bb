import Foundation

/// Population stability index over a baseline's quantile bins.
public enum PopulationStability {
    /// Proportions below this are raised to it before the logarithm, so an empty bin gives a
    /// large finite term instead of infinity (the convention Evidently uses).
    public static let proportionFloor = 1e-4

    /// PSI = Σ (cᵢ − bᵢ) ln(cᵢ / bᵢ) over bins, baseline proportions b, current proportions c.
    public static func index(baseline: [Double], current: [Double]) -> Double {
        precondition(baseline.count == current.count, "PSI needs the same bins on both sides")
        var psi = 0.0
        for (b, c) in zip(baseline, current) {
            let bb = max(b, proportionFloor), cc = max(c, proportionFloor)
            psi += (cc - bb) * log(cc / bb)
        }
        return psi
    }

    /// PSI of a current sample against a stored baseline.
    public static func index(baseline: FeatureStatistics, sample: [Double]) -> Double {
        let finite = sample.filter(\.isFinite)
        return index(baseline: baseline.baselineProportions,
                     current: FeatureStatistics.proportions(of: finite, edges: baseline.binEdges))
    }
}

/// When a feature counts as drifted.
///
/// - PSI ≥ 0.2: the credit-scoring rule of thumb (< 0.1 stable, 0.1–0.2 moderate shift,
///   ≥ 0.2 significant) that Evidently and NannyML also cite; 0.1 only warns, since with ten
///   bins sampling noise alone reaches 0.1 at a few hundred rows.
/// - KS p-value < 0.05, the conventional test level (Evidently's default for small references);
///   but because with large windows every negligible shift becomes "significant", KS alone only
///   flags drift when D also exceeds 0.1 (a 10-point gap between the two CDFs).
/// - A window with fewer than `minimumSampleSize` values is not judged: both statistics are
///   dominated by noise there.
public struct DriftThresholds: Sendable, Codable, Equatable {
    public var psiWarning: Double
    public var psiDrift: Double
    public var ksPValue: Double
    public var ksMinimumStatistic: Double
    public var minimumSampleSize: Int

    public init(psiWarning: Double = 0.1, psiDrift: Double = 0.2, ksPValue: Double = 0.05,
                ksMinimumStatistic: Double = 0.1, minimumSampleSize: Int = 30) {
        self.psiWarning = psiWarning
        self.psiDrift = psiDrift
        self.ksPValue = ksPValue
        self.ksMinimumStatistic = ksMinimumStatistic
        self.minimumSampleSize = minimumSampleSize
    }
}

/// Drift of one feature (or of the prediction).
public struct FeatureDrift: Sendable, Codable, Equatable {
    public var name: String
    /// Finite values in the current window.
    public var count: Int
    public var psi: Double
    public var ksStatistic: Double
    public var ksPValue: Double
    /// PSI at or above the warning level.
    public var warning: Bool
    /// Judged drifted under the thresholds.
    public var drifted: Bool
}

/// Drift of a current window against the training baseline, per feature and for the prediction.
public struct DriftReport: Sendable, Codable, Equatable {
    public var features: [FeatureDrift]
    public var prediction: FeatureDrift?
    public var thresholds: DriftThresholds

    /// Any feature or the prediction drifted.
    public var drifted: Bool { features.contains(where: \.drifted) || (prediction?.drifted ?? false) }
    /// Names of drifted features.
    public var driftedFeatures: [String] { features.filter(\.drifted).map(\.name) }

    /// Compares `current[i]` with `baselines[i]` (KS against the baseline's percentiles), and the
    /// current predictions with the prediction baseline when both are given.
    public init(baselines: [FeatureStatistics], current: [[Double]], predictionBaseline: FeatureStatistics? = nil,
                currentPredictions: [Double]? = nil, thresholds: DriftThresholds = DriftThresholds()) {
        precondition(baselines.count == current.count, "one current sample per baseline")
        self.thresholds = thresholds
        features = zip(baselines, current).map { Self.judge($0, $1, thresholds) }
        if let predictionBaseline, let currentPredictions {
            prediction = Self.judge(predictionBaseline, currentPredictions, thresholds)
        }
    }

    static func judge(_ baseline: FeatureStatistics, _ sample: [Double], _ t: DriftThresholds) -> FeatureDrift {
        let finite = sample.filter(\.isFinite)
        let psi = PopulationStability.index(baseline: baseline, sample: finite)
        let d = KolmogorovSmirnov.statistic(baseline: baseline, sample: finite)
        let p = KolmogorovSmirnov.pValue(statistic: d, sizes: baseline.count, finite.count)
        let judged = finite.count >= t.minimumSampleSize
        let drifted = judged && (psi >= t.psiDrift || (p < t.ksPValue && d >= t.ksMinimumStatistic))
        return FeatureDrift(name: baseline.name, count: finite.count, psi: psi, ksStatistic: d, ksPValue: p,
                            warning: judged && psi >= t.psiWarning, drifted: drifted)
    }
}
