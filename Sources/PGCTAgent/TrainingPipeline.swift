import Foundation
import PGCTModels
import PostgresClient

/// The automated pipeline of one training run, each stage a named, timed step:
/// extraction → validation → preparation → training → evaluation → comparison → registration →
/// promotion. The data stays in PostgreSQL on the default path: one aggregate query returns the
/// sufficient statistics of every part of the hash split, and the fit is solved from them; the
/// rows are pulled (binary COPY) only when the model library asks for the accurate solver.
final class TrainingPipeline {
    let connection: PostgresConnection
    let events: EventSink
    let agentId: String
    let queue: JobQueue?

    init(connection: PostgresConnection, events: EventSink, agentId: String, queue: JobQueue?) {
        self.connection = connection
        self.events = events
        self.agentId = agentId
        self.queue = queue
    }

    /// Statistics of one part of the split, as `pgct.sufficient_statistics` returns them. With
    /// K folds, `train` is their merge, so that every count below holds either way.
    struct Parts {
        var train: SufficientStatistics?
        var folds: [SufficientStatistics] = []
        var test: SufficientStatistics?
        var excludedRows = 0
        var trainRows: Int { train?.count ?? 0 }
        var testRows: Int { test?.count ?? 0 }
    }

    /// Runs the pipeline for `model` (as a claimed `job`, or in the foreground with `job` nil).
    /// Returns what happened; throws only when the pipeline could not run (database errors).
    func run(model: ModelRecord, job: Job?, overridesJSON: String?) throws -> TrainOutcome {
        let clock = StepClock()
        var outcome = try runSteps(model: model, job: job, overridesJSON: overridesJSON, clock: clock)
        outcome.timings = clock.timings
        return outcome
    }

    private func runSteps(model: ModelRecord, job: Job?, overridesJSON: String?, clock: StepClock) throws -> TrainOutcome {
        var outcome = TrainOutcome(model: model.name)
        let overrides = JSONText.parse(overridesJSON)
        let effective = JSONText.parse(model.optionsJSON).merging(overrides) { $1 }
        let options = ModelOptions(object: effective)
        try abandonStaleVersions(model: model, job: job)

        // Extraction: one aggregate pass over the model's window, per part of the split.
        let useFolds = model.algorithm == "ridge" && options.folds >= 2
        let parts = try clock.time("extraction") {
            try sufficientStatistics(model: model, folds: useFolds ? options.folds : 0, overridesJSON: overridesJSON)
        }
        try heartbeat(job)
        events.emit(.info, "step_extraction", "extracted \(parts.trainRows + parts.testRows) usable rows",
                    details: ["duration_ms": clock.milliseconds("extraction"), "excluded_rows": parts.excludedRows],
                    model: model, job: job)

        // Validation: the model library's report over a one-pass profile of the window.
        let (report, profiles) = try clock.time("validation") {
            try validate(model: model, options: options, overridesJSON: overridesJSON, excludedRows: parts.excludedRows)
        }
        outcome.validation = report
        if !report.canTrain {
            let problems = report.errors.map(\.message).joined(separator: "; ")
            if report.errors.allSatisfy({ $0.code == "too_few_rows" }) {
                // Not a failure of the data: it has not arrived yet. No version is created.
                events.emit(.warning, "insufficient_rows", "not training \(model.name): \(problems)",
                            details: ["validation": JSONText.object(report)], model: model, job: job)
                outcome.decision = .insufficientData
                outcome.reason = problems
                return outcome
            }
            let version = try beginVersion(model: model, job: job, overridesJSON: overridesJSON)
            outcome.version = version
            try failVersion(model: model, version: version, error: "validation failed: \(problems)", report: report)
            events.emit(.warning, "step_validation", "validation refused to train: \(problems)",
                        details: ["validation": JSONText.object(report)], model: model, version: version, job: job)
            outcome.status = "failed"
            outcome.decision = .failed
            outcome.reason = "validation failed: \(problems)"
            return outcome
        }
        let version = try beginVersion(model: model, job: job, overridesJSON: overridesJSON)
        outcome.version = version
        events.emit(.info, "step_validation", "validation passed with \(report.findings.count) warnings",
                    details: ["duration_ms": clock.milliseconds("validation"), "usable_rows": report.usableRows],
                    model: model, version: version, job: job)

        do {
            return try train(model: model, options: options, version: version, job: job, parts: parts,
                             profiles: profiles, overrides: overrides, effective: effective, clock: clock, outcome: outcome)
        } catch let error as FitError {
            // The data could not give a model (e.g. too few rows after exclusions): a failed version.
            try failVersion(model: model, version: version, error: "training failed: \(error)", report: report)
            outcome.status = "failed"
            outcome.decision = .failed
            outcome.reason = "training failed: \(error)"
            return outcome
        }
    }

    private func train(model: ModelRecord, options: ModelOptions, version: Int, job: Job?, parts: Parts,
                       profiles: [String: ProfileRow], overrides: [String: Any], effective: [String: Any],
                       clock: StepClock, outcome start: TrainOutcome) throws -> TrainOutcome {
        var outcome = start
        // Preparation: the hash split already happened in SQL (stable across retrains).
        let trainStatistics = clock.time("preparation") { parts.train }
        guard let trainStatistics, trainStatistics.count > 0 else {
            throw FitError.tooFewRows(rows: 0, required: options.minRows)
        }
        outcome.trainRows = trainStatistics.count
        outcome.testRows = parts.testRows
        events.emit(.info, "step_preparation", "hash split: \(trainStatistics.count) training rows, \(parts.testRows) test rows",
                    details: ["train_rows": trainStatistics.count, "test_rows": parts.testRows, "seed": Int(options.seed)],
                    model: model, version: version, job: job)

        // Training: from the statistics, or from the rows when the library asks for them.
        var fitOptions = FitOptions(fitIntercept: options.fitIntercept, polynomialDegree: options.polynomialDegree,
                                    algorithm: model.algorithm == "ridge" ? .ridge(alpha: options.alpha) : .ols)
        var crossValidation: CrossValidation.Result?
        let fitted: FittedModel = try clock.time("training") {
            if case .ridge = fitOptions.algorithm, parts.folds.count >= 2 {
                let result = try CrossValidation.selectRidgeAlpha(foldStatistics: parts.folds, featureNames: model.features,
                                                                  options: fitOptions)
                crossValidation = result
                fitOptions.algorithm = result.bestAlpha > 0 ? .ridge(alpha: result.bestAlpha) : .ols
            }
            do {
                return try LinearFitter.fit(statistics: trainStatistics, featureNames: model.features, options: fitOptions)
            } catch FitError.accuratePathRequired {
                return try fitFromRows(model: model, options: options, fitOptions: fitOptions, overrides: overrides)
            }
        }
        try heartbeat(job)
        let deficiencies = fitted.rankDeficiencies.map { "\($0.feature): \($0.reason)" }
        events.emit(deficiencies.isEmpty ? .info : .warning, "step_training",
                    deficiencies.isEmpty
                        ? "fitted with the \(fitted.solver.rawValue) solver (\(fitted.solverReason))"
                        : "fitted with the \(fitted.solver.rawValue) solver; rank deficient: " + deficiencies.joined(separator: "; "),
                    details: ["duration_ms": clock.milliseconds("training"), "solver": fitted.solver.rawValue,
                              "condition_number": fitted.conditionNumber as Any,
                              "rank_deficiencies": JSONText.object(fitted.rankDeficiencies)],
                    model: model, version: version, job: job)
        outcome.fit = fitted

        // Evaluation: metrics of the candidate on its training and test rows, in SQL.
        let scoring = overrides.merging(["folds": 0]) { $1 }
        let comparePart = parts.testRows >= 2 ? "test" : "all"
        let (trainMetrics, testMetrics) = try clock.time("evaluation") { () -> ([String: Any], [String: Any]?) in
            let byPart = try scoreParts(model: model, fitted: fitted, overrides: scoring)
            return (byPart["train"] ?? [:], byPart["test"])
        }
        outcome.trainMetrics = trainMetrics
        outcome.testMetrics = testMetrics
        events.emit(.info, "step_evaluation", "test R² \(format(testMetrics?["r2"])), MAE \(format(testMetrics?["mae"]))",
                    details: ["duration_ms": clock.milliseconds("evaluation"), "metrics": ["train": trainMetrics, "test": testMetrics as Any]],
                    model: model, version: version, job: job)

        // Comparison: production scored on exactly the same rows as the candidate.
        // Too few test rows to compare on (a tiny window or test_fraction 0): compare on all rows.
        let candidateOnCompared = try testMetrics.flatMap { comparePart == "test" ? $0 : nil }
            ?? score(model: model, intercept: fitted.intercept ?? 0, coefficients: fitted.coefficients, part: "all",
                     overrides: scoring)
        let production = try clock.time("comparison") { () -> (version: Int, metrics: [String: Any])? in
            guard let productionVersion = model.productionVersion,
                  let row = try connection.query(
                    "SELECT intercept, coefficients, (options ->> 'polynomial_degree')::int AS degree"
                    + " FROM pgct.model_versions WHERE model_id = $1 AND version = $2",
                    [.int(model.id), .int(Int64(productionVersion))]).rows.first,
                  let coefficients = try row.doubleArray("coefficients")?.compactMap({ $0 })
            else { return nil }
            var productionScoring = scoring
            productionScoring["polynomial_degree"] = Int(try row.int("degree") ?? 1)
            let metrics = try score(model: model, intercept: try row.double("intercept") ?? 0, coefficients: coefficients,
                                    part: comparePart, overrides: productionScoring)
            return (productionVersion, metrics)
        }
        outcome.production = production
        let verdict = PromotionRule(metric: options.promotionMetric, minImprovement: options.minImprovement)
            .judge(candidate: candidateOnCompared, production: production?.metrics)
        let status: String
        if !options.promote {
            outcome.decision = .keptProduction
            outcome.reason = "experiment run with \"promote\": false (\(verdict.reason))"
            status = "candidate"
        } else if verdict.promote {
            outcome.decision = options.requireApproval ? .awaitingApproval : .promoted
            outcome.reason = verdict.reason
            status = options.requireApproval ? "awaiting_approval" : "candidate"
        } else {
            outcome.decision = .keptProduction
            outcome.reason = verdict.reason
            status = "candidate"
        }
        events.emit(.info, "step_comparison", outcome.reason,
                    details: ["duration_ms": clock.milliseconds("comparison"), "metric": options.promotionMetric,
                              "part": comparePart, "production_version": production?.version as Any],
                    model: model, version: version, job: job)

        // Baseline for drift and explanations: the training distribution of each raw feature.
        let baselines: [FeatureStatistics] = model.features.compactMap { profiles[$0]?.baseline(name: $0) }

        // Registration and promotion: one transaction, together with the job's completion.
        outcome.timings = clock.timings
        let fitJSON = registryFit(fitted: fitted, baselines: baselines, parts: parts, options: options, effective: effective,
                                  trainMetrics: trainMetrics, testMetrics: testMetrics, production: production,
                                  comparePart: comparePart, crossValidation: crossValidation, outcome: outcome)
        try clock.time("registration") {
            try connection.transaction { connection in
                try connection.execute("SELECT pgct.finish_version($1, $2::int, $3, $4)",
                                       [.int(model.id), .int(Int64(version)), .text(status), .json(fitJSON)])
                if outcome.decision == .promoted {
                    try connection.execute("SELECT pgct.promote_version($1, $2::int, $3, $4)",
                                           [.int(model.id), .int(Int64(version)), .text(agentId), .text(outcome.reason)])
                }
                if let job {
                    try queue?.complete(job, result: outcome.json(pretty: false))
                }
            }
        }
        outcome.status = outcome.decision == .promoted ? "production" : status
        events.emit(.info, outcome.decision == .promoted ? "promoted" : "registered",
                    outcome.decision == .promoted
                        ? "version \(version) promoted: \(outcome.reason)"
                        : "version \(version) registered as \(status): \(outcome.reason)",
                    details: ["duration_ms": clock.milliseconds("registration"), "decision": outcome.decision.rawValue],
                    model: model, version: version, job: job)
        outcome.completedJob = job != nil
        return outcome
    }

    // MARK: steps

    /// Marks versions left in `training` by an agent that died on this job as failed.
    private func abandonStaleVersions(model: ModelRecord, job: Job?) throws {
        guard let job else { return }
        try Self.failTrainingVersions(of: job, model: model, error: "abandoned: the agent training it stopped",
                                      on: connection)
    }

    /// Fails every version `job` left in status `training` (the agent died, or the job threw).
    static func failTrainingVersions(of job: Job, model: ModelRecord, error: String,
                                     on connection: PostgresConnection) throws {
        try connection.execute(
            "SELECT pgct.fail_version(model_id, version, $3) FROM pgct.model_versions"
            + " WHERE model_id = $1 AND job_id = $2 AND status = 'training'",
            [.int(model.id), .int(job.id), .text(error)])
    }

    /// A version that began but gives no model: failed, with the validation report beside the error.
    private func failVersion(model: ModelRecord, version: Int, error: String, report: ValidationReport) throws {
        try connection.execute("SELECT pgct.fail_version($1, $2::int, $3, $4)",
                               [.int(model.id), .int(Int64(version)), .text(error),
                                .json(JSONText.encode(["validation": JSONText.object(report)]))])
    }

    private func beginVersion(model: ModelRecord, job: Job?, overridesJSON: String?) throws -> Int {
        let row = try connection.query("SELECT pgct.begin_version($1, $2, $3, NULL, $4) AS version",
                                       [.int(model.id), .optional(job?.id, PostgresValue.int), .text(agentId),
                                        .optional(overridesJSON, PostgresValue.json)]).rows.first
        guard let version = try row?.int("version") else { throw AgentError("begin_version returned no version") }
        return Int(version)
    }

    private func sufficientStatistics(model: ModelRecord, folds: Int, overridesJSON: String?) throws -> Parts {
        let result = try connection.query(
            "SELECT part, n, means, target_mean, covariances, target_covariances, target_variance"
            + " FROM pgct.sufficient_statistics($1, $2::int, $3)",
            [.int(model.id), .int(Int64(folds)), .optional(overridesJSON, PostgresValue.json)])
        var parts = Parts()
        for row in result.rows {
            let part = try row.string("part") ?? ""
            let n = Int(try row.int("n") ?? 0)
            if part == "excluded" { parts.excludedRows = n; continue }
            let statistics = SufficientStatistics(
                count: n,
                featureMeans: (try row.doubleArray("means") ?? []).map { $0 ?? 0 },
                targetMean: try row.double("target_mean") ?? 0,
                featureCovariance: (try row.doubleArray("covariances") ?? []).map { $0 ?? 0 },
                featureTargetCovariance: (try row.doubleArray("target_covariances") ?? []).map { $0 ?? 0 },
                targetVariance: try row.double("target_variance") ?? 0)
            switch part {
            case "train": parts.train = statistics
            case "test": parts.test = statistics
            default: if part.hasPrefix("fold ") { parts.folds.append(statistics) }
            }
        }
        if let first = parts.folds.first {
            parts.train = parts.folds.dropFirst().reduce(first) { $0.merged(with: $1) }
        }
        return parts
    }

    /// One row of `pgct.column_profile`.
    struct ProfileRow {
        var profile: ColumnProfile
        var mean: Double?
        var standardDeviation: Double?
        var percentiles: [Double]

        func baseline(name: String) -> FeatureStatistics? {
            guard let mean, let minimum = profile.minimum, let maximum = profile.maximum else { return nil }
            return FeatureStatistics(name: name, count: profile.finiteCount, mean: mean,
                                     standardDeviation: standardDeviation ?? 0, minimum: minimum, maximum: maximum,
                                     percentiles: percentiles)
        }
    }

    private func validate(model: ModelRecord, options: ModelOptions, overridesJSON: String?,
                          excludedRows: Int) throws -> (ValidationReport, [String: ProfileRow]) {
        let result = try connection.query("SELECT * FROM pgct.column_profile($1, $2)",
                                          [.int(model.id), .optional(overridesJSON, PostgresValue.json)])
        var profiles: [String: ProfileRow] = [:]
        for row in result.rows {
            let name = try row.string("column_name") ?? ""
            let profile = ColumnProfile(
                name: name, rows: Int(try row.int("rows") ?? 0), nulls: Int(try row.int("nulls") ?? 0),
                nans: Int(try row.int("nans") ?? 0), positiveInfinities: Int(try row.int("pos_infs") ?? 0),
                negativeInfinities: Int(try row.int("neg_infs") ?? 0), minimum: try row.double("min"),
                maximum: try row.double("max"), q1: try row.double("q1"), q3: try row.double("q3"),
                outliers: Int(try row.int("iqr_outliers") ?? 0))
            profiles[name] = ProfileRow(profile: profile, mean: try row.double("mean"),
                                        standardDeviation: try row.double("stddev"),
                                        percentiles: (try row.doubleArray("percentiles") ?? []).compactMap { $0 })
        }
        let features = model.features.compactMap { profiles[$0]?.profile }
        let target = profiles[model.target]?.profile
            ?? ColumnProfile(name: model.target, rows: 0, nulls: 0, nans: 0, positiveInfinities: 0, negativeInfinities: 0,
                             minimum: nil, maximum: nil, q1: nil, q3: nil, outliers: 0)
        let expanded = model.features.count * options.polynomialDegree
        let report = DataValidator(rules: ValidationRules(minRows: options.minRows))
            .validate(features: features, target: target, excludedRows: excludedRows,
                      coefficientCount: expanded + (options.fitIntercept ? 1 : 0))
        return (report, profiles)
    }

    /// The accurate path: pulls the training rows by binary COPY and fits from the design matrix.
    private func fitFromRows(model: ModelRecord, options: ModelOptions, fitOptions: FitOptions,
                             overrides runOverrides: [String: Any]) throws -> FittedModel {
        // The run's window and split, with raw features (degree 1): the library forms the
        // powers itself, in extended precision.
        var overrides = runOverrides
        overrides["polynomial_degree"] = 1
        let query = try connection.query("SELECT pgct.source_query($1, 'training', $2) AS q",
                                         [.int(model.id), .json(JSONText.encode(overrides))]).rows.first?.string("q")
        guard let query else { throw AgentError("source_query returned nothing") }
        let columns = try connection.copyOutFloat8(query, columns: model.features.count + 2)
        let threshold = (options.testFraction * 1_000_000).rounded()
        let trainRows = columns[0].indices.filter { (columns[0][$0] ?? 0) >= threshold }
        let features = (0..<model.features.count).map { j in trainRows.map { columns[j + 1][$0] ?? .nan } }
        let target = trainRows.map { columns[model.features.count + 1][$0] ?? .nan }
        return try LinearFitter.fit(columns: features, target: target, featureNames: model.features, options: fitOptions)
    }

    private func score(model: ModelRecord, intercept: Double, coefficients: [Double], part: String,
                       overrides: [String: Any]) throws -> [String: Any] {
        let text = try connection.query("SELECT pgct.score($1, $2, $3, $4, $5) AS s",
                                        [.int(model.id), .double(intercept), .doubleArray(coefficients), .text(part),
                                         .json(JSONText.encode(overrides))]).rows.first?.string("s")
        return JSONText.parse(text)
    }

    /// The candidate's metrics on the training and the test rows, in one pass.
    private func scoreParts(model: ModelRecord, fitted: FittedModel, overrides: [String: Any]) throws -> [String: [String: Any]] {
        let rows = try connection.query("SELECT part, metrics::text AS m FROM pgct.score_parts($1, $2, $3, $4)",
                                        [.int(model.id), .double(fitted.intercept ?? 0), .doubleArray(fitted.coefficients),
                                         .json(JSONText.encode(overrides))]).rows
        var byPart: [String: [String: Any]] = [:]
        for row in rows {
            if let part = try row.string("part") { byPart[part] = JSONText.parse(try row.string("m")) }
        }
        return byPart
    }

    private func heartbeat(_ job: Job?) throws {
        if let job { try queue?.extend(job) }
    }

    private func registryFit(fitted: FittedModel, baselines: [FeatureStatistics], parts: Parts, options: ModelOptions,
                             effective: [String: Any], trainMetrics: [String: Any], testMetrics: [String: Any]?,
                             production: (version: Int, metrics: [String: Any])?, comparePart: String,
                             crossValidation: CrossValidation.Result?, outcome: TrainOutcome) -> String {
        let fingerprint = String(UInt64(bitPattern: PostgresHash.hashTextExtended(
            JSONText.encode(JSONText.object(parts.train ?? SufficientStatistics(featureCount: 0))), seed: 0)), radix: 16)
        var fit = outcome.fitObject
        fit["feature_means"] = fitted.expandedFeatureMeans
        fit["feature_stats"] = baselines.map { JSONText.object($0) }
        fit["training_window"] = ["window": effective["window"] ?? "all", "rows": parts.trainRows + parts.testRows,
                                  "excluded_rows": parts.excludedRows]
        fit["train_rows"] = parts.trainRows
        fit["test_rows"] = parts.testRows
        fit["data_fingerprint"] = fingerprint
        fit["metrics"] = ["train": trainMetrics, "test": testMetrics as Any]
        fit["timings"] = outcome.timingsObject
        fit["solver_reason"] = fitted.solverReason
        fit["adjusted_r2"] = fitted.adjustedR2
        fit["t_statistics"] = fitted.tStatistics as Any
        fit["p_values"] = fitted.pValues as Any
        fit["intercept_t_statistic"] = fitted.interceptTStatistic
        fit["intercept_p_value"] = fitted.interceptPValue
        fit["degrees_of_freedom"] = fitted.degreesOfFreedom
        fit["rank_deficiencies"] = JSONText.object(fitted.rankDeficiencies)
        fit["validation"] = outcome.validation.map { JSONText.object($0) } as Any
        fit["comparison"] = ["part": comparePart, "metric": options.promotionMetric,
                             "production_version": production?.version as Any,
                             "production_metrics": production?.metrics as Any, "decision": outcome.decision.rawValue,
                             "reason": outcome.reason]
        if let crossValidation { fit["cross_validation"] = JSONText.object(crossValidation) }
        return JSONText.encode(fit)
    }

    private func format(_ value: Any?) -> String {
        guard let number = value as? Double else { return "n/a" }
        return String(format: "%.4f", number)
    }
}
