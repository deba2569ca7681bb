import Foundation

extension ReportData {
    /// One evaluation of the production version (a row of `pgct.monitoring`).
    public struct MonitoringPoint: Sendable, Codable, Equatable {
        /// The decisions `pgct.monitoring.decision` allows.
        public enum Decision: String, Sendable, Codable, Equatable, CaseIterable {
            case stable, retrain
            case insufficientData = "insufficient_data"
        }

        public var at: Date
        /// The version evaluated (the one in production then).
        public var version: Int?
        /// Labelled rows the metrics were computed on.
        public var n: Int
        /// Live R²; `nil` when there were too few labelled rows.
        public var r2: Double?
        public var mae: Double?
        public var rmse: Double?
        public var decision: Decision
        /// Drift score per feature in this window (PSI), in feature order.
        public var drift: [FeatureScore]

        public init(at: Date, version: Int? = nil, n: Int, r2: Double? = nil, mae: Double? = nil,
                    rmse: Double? = nil, decision: Decision, drift: [FeatureScore] = []) {
            self.at = at
            self.version = version
            self.n = n
            self.r2 = r2
            self.mae = mae
            self.rmse = rmse
            self.decision = decision
            self.drift = drift
        }
    }

    /// A named score (a feature's drift in one monitoring window).
    public struct FeatureScore: Sendable, Codable, Equatable {
        public var feature: String
        public var score: Double

        public init(feature: String, score: Double) {
            self.feature = feature
            self.score = score
        }
    }

    /// Drift of each feature in the latest monitoring window against the training baseline.
    public struct DriftSnapshot: Sendable, Codable, Equatable {
        public var at: Date?
        /// The version whose training data is the baseline.
        public var version: Int?
        public var features: [FeatureDrift]

        public init(at: Date? = nil, version: Int? = nil, features: [FeatureDrift]) {
            self.at = at
            self.version = version
            self.features = features
        }
    }

    /// One feature's drift statistics.
    public struct FeatureDrift: Sendable, Codable, Equatable {
        public var feature: String
        /// Population stability index.
        public var psi: Double
        /// Kolmogorov–Smirnov statistic D.
        public var ks: Double?
        public var ksPValue: Double?
        /// Judged drifted by the agent (which may combine PSI and KS).
        public var drifted: Bool
        /// Finite values in the window.
        public var n: Int?

        public init(feature: String, psi: Double, ks: Double? = nil, ksPValue: Double? = nil,
                    drifted: Bool, n: Int? = nil) {
            self.feature = feature
            self.psi = psi
            self.ks = ks
            self.ksPValue = ksPValue
            self.drifted = drifted
            self.n = n
        }
    }
}
