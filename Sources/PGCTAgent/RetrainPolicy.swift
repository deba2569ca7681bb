import Foundation

/// What monitoring concluded about the production version, as written to `pgct.monitoring`.
public enum MonitorDecision: String, Sendable, Codable {
    case stable
    case retrain
    case insufficientData = "insufficient_data"
}

/// The evidence one monitoring pass gathered.
public struct MonitorEvidence: Sendable, Equatable {
    /// Labelled rows in the live window (rows the production version predicted whose truth arrived).
    public var labelledRows: Int
    public var r2: Double?
    public var mae: Double?
    /// Largest PSI over the features that had enough values to be judged; nil when none had.
    public var driftScore: Double?
    /// Features judged drifted (PSI at or above the drift threshold, or a significant KS gap).
    public var driftedFeatures: [String]
    /// Rows the production version served since the model's last training (of any outcome).
    public var rowsSinceTraining: Int
    /// Seconds since the model's last training started (of any outcome); nil when never.
    public var secondsSinceTraining: Double?

    public init(labelledRows: Int, r2: Double?, mae: Double?, driftScore: Double?, driftedFeatures: [String] = [],
                rowsSinceTraining: Int, secondsSinceTraining: Double?) {
        self.labelledRows = labelledRows
        self.r2 = r2
        self.mae = mae
        self.driftScore = driftScore
        self.driftedFeatures = driftedFeatures
        self.rowsSinceTraining = rowsSinceTraining
        self.secondsSinceTraining = secondsSinceTraining
    }
}

/// The retraining rule: thresholds on live accuracy and drift, a new-rows trigger and a schedule,
/// with a cooldown so that the same evidence does not retrain in a loop. Pure logic, so that the
/// rule is unit-tested apart from the database.
public struct RetrainPolicy: Sendable, Equatable {
    public var minimumLabelledRows: Int
    public var r2Threshold: Double?
    public var maeThreshold: Double?
    public var driftThreshold: Double?
    public var retrainAfterRows: Int?
    public var retrainEverySeconds: Double?
    public var cooldownSeconds: Double

    /// The policy a model's options describe. Live metrics need at least `min_rows` labelled
    /// rows (never fewer than 2, where R² stops being defined; never more than the window holds).
    public init(options: ModelOptions) {
        minimumLabelledRows = max(2, min(options.minRows, options.monitorWindow))
        r2Threshold = options.r2Threshold
        maeThreshold = options.maeThreshold
        driftThreshold = options.driftThreshold
        retrainAfterRows = options.retrainAfterRows
        retrainEverySeconds = options.retrainEverySeconds
        cooldownSeconds = options.cooldownSeconds
    }

    /// The decision and the human-readable reasons behind it. Accuracy and drift need enough
    /// labelled rows; the new-rows trigger and the schedule do not. A retrain inside the
    /// cooldown is reported as `stable` with the deferred reasons, so nothing is enqueued.
    public func decide(_ evidence: MonitorEvidence) -> (decision: MonitorDecision, reasons: [String]) {
        var reasons: [String] = []
        let enoughLabels = evidence.labelledRows >= minimumLabelledRows
        if enoughLabels {
            if let threshold = r2Threshold, let r2 = evidence.r2, r2 < threshold {
                reasons.append("live R² \(Self.format(r2)) below \(Self.format(threshold))")
            }
            if let threshold = maeThreshold, let mae = evidence.mae, mae > threshold {
                reasons.append("live MAE \(Self.format(mae)) above \(Self.format(threshold))")
            }
            if driftThreshold != nil, !evidence.driftedFeatures.isEmpty {
                let score = evidence.driftScore.map { ", PSI up to \(Self.format($0))" } ?? ""
                reasons.append("drift in " + evidence.driftedFeatures.joined(separator: ", ") + score)
            }
        }
        if let rows = retrainAfterRows, evidence.rowsSinceTraining >= rows {
            reasons.append("\(evidence.rowsSinceTraining) new rows since the last training (retrain_after_rows \(rows))")
        }
        if let every = retrainEverySeconds, let since = evidence.secondsSinceTraining, since >= every {
            reasons.append("scheduled: trained \(Int(since)) s ago (retrain_every \(Int(every)) s)")
        }
        if reasons.isEmpty {
            return enoughLabels
                ? (.stable, [])
                : (.insufficientData, ["\(evidence.labelledRows) labelled rows, \(minimumLabelledRows) needed"])
        }
        if let since = evidence.secondsSinceTraining, since < cooldownSeconds {
            return (.stable, ["retrain deferred by cooldown (\(Int(cooldownSeconds - since)) s left): "
                              + reasons.joined(separator: "; ")])
        }
        return (.retrain, reasons)
    }

    static func format(_ value: Double) -> String {
        String(format: "%.4g", value)
    }
}
