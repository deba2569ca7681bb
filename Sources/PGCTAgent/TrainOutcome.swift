import Foundation
import PGCTModels

/// What one run of the training pipeline did; `pgct train --json` prints `json()`.
public struct TrainOutcome {
    /// The pipeline's verdict.
    public enum Decision: String, Sendable {
        case promoted
        case keptProduction = "kept_production"
        case awaitingApproval = "awaiting_approval"
        case failed
        /// Too few usable rows: nothing was trained and no version was created.
        case insufficientData = "insufficient_data"
    }

    public var model: String
    public var version: Int?
    public var status = "failed"
    public var decision = Decision.failed
    public var reason = ""
    public var fit: FittedModel?
    public var validation: ValidationReport?
    public var trainMetrics: [String: Any]?
    public var testMetrics: [String: Any]?
    public var production: (version: Int, metrics: [String: Any])?
    public var trainRows = 0
    public var testRows = 0
    /// Step name and duration in milliseconds, in the order the steps ran.
    public var timings: [(step: String, milliseconds: Double)] = []
    /// True when the job was completed inside the registration transaction.
    var completedJob = false

    init(model: String) { self.model = model }

    func milliseconds(_ step: String) -> Double {
        timings.last { $0.step == step }?.milliseconds ?? 0
    }

    var timingsObject: [String: Any] {
        Dictionary(timings.map { ($0.step, ($0.milliseconds * 1000).rounded() / 1000) }) { $1 }
    }

    /// The `fit` object of the JSON output (also stored in the registry).
    var fitObject: [String: Any] {
        guard let fit else { return [:] }
        return [
            "n": fit.n,
            "intercept": fit.intercept as Any,
            "coefficients": fit.coefficients,
            "expanded_feature_names": fit.expandedFeatureNames,
            "intercept_std_error": fit.interceptStandardError as Any,
            "coefficient_std_errors": fit.standardErrors as Any,
            "residual_sd": fit.residualStandardDeviation as Any,
            "r2": fit.r2 as Any,
            "condition_number": fit.conditionNumber as Any,
            "solver": fit.solver.rawValue,
            "algorithm": algorithmName(fit.algorithm),
            "alpha": ridgeAlpha(fit.algorithm) as Any,
        ]
    }

    private func algorithmName(_ algorithm: FitAlgorithm) -> String {
        switch algorithm {
        case .ols: "ols"
        case .ridge: "ridge"
        }
    }

    private func ridgeAlpha(_ algorithm: FitAlgorithm) -> Double? {
        if case .ridge(let alpha) = algorithm { return alpha }
        return nil
    }

    /// The whole outcome as the documented JSON object.
    public func json(pretty: Bool = true) -> String {
        var object: [String: Any] = [
            "model": model,
            "version": version as Any,
            "status": status,
            "decision": decision.rawValue,
            "reason": reason,
            "fit": fit == nil ? NSNull() : fitObject,
            "metrics": ["train": trainMetrics as Any, "test": testMetrics as Any],
            "production": production.map { ["version": $0.version, "metrics_on_same_rows": $0.metrics] as [String: Any] }
                ?? ["version": NSNull(), "metrics_on_same_rows": NSNull()],
            "timings_ms": timingsObject,
        ]
        if let validation { object["validation"] = JSONText.object(validation) }
        return JSONText.encode(object, pretty: pretty)
    }
}

/// Times the pipeline's named steps. A reference type, so a step's closure may read and
/// change the outcome it is timing.
final class StepClock {
    private(set) var timings: [(step: String, milliseconds: Double)] = []

    /// Runs `body` as the step `name`, recording how long it took.
    func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { timings.append((name, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)) }
        return try body()
    }

    func milliseconds(_ step: String) -> Double {
        timings.last { $0.step == step }?.milliseconds ?? 0
    }
}
