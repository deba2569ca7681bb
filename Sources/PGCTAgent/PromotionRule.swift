import Foundation

/// Whether a candidate replaces production: both scored on the same rows, the candidate must
/// beat production on the promotion metric by at least `minImprovement`; ties keep production;
/// with no production version the candidate is promoted. Pure logic, unit-tested.
public struct PromotionRule: Sendable, Equatable {
    /// `r2` (higher is better), `mae` or `rmse` (lower is better).
    public var metric: String
    public var minImprovement: Double

    public init(metric: String, minImprovement: Double) {
        self.metric = metric
        self.minImprovement = minImprovement
    }

    /// The verdict and its reason, from metric objects as `pgct.score` returns them.
    public func judge(candidate: [String: Any], production: [String: Any]?) -> (promote: Bool, reason: String) {
        guard let production else { return (true, "no production version yet") }
        let higherIsBetter = metric == "r2"
        guard let mine = candidate[metric] as? Double, mine.isFinite else {
            return (false, "the candidate's \(metric) is undefined on the compared rows; production kept")
        }
        guard let theirs = production[metric] as? Double, theirs.isFinite else {
            return (true, "production's \(metric) is undefined on the compared rows")
        }
        let improvement = higherIsBetter ? mine - theirs : theirs - mine
        let comparison = "\(metric) \(Self.format(mine)) vs production \(Self.format(theirs)) on the same rows"
        if improvement > 0 && improvement >= minImprovement {
            return (true, "candidate wins: \(comparison)")
        }
        if improvement > 0 {
            return (false, "improvement \(Self.format(improvement)) below min_improvement \(Self.format(minImprovement)): \(comparison)")
        }
        return (false, "production kept: \(comparison)")
    }

    static func format(_ value: Double) -> String { String(format: "%.4f", value) }
}
