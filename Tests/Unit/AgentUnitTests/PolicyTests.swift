import Testing
@testable import PGCTAgent

/// The retraining rule and the promotion rule, apart from the database.
@Suite struct RetrainPolicyTests {
    func policy(_ configure: (inout ModelOptions) -> Void = { _ in }) -> RetrainPolicy {
        var options = ModelOptions()
        options.cooldownSeconds = 60
        configure(&options)
        return RetrainPolicy(options: options)
    }

    func evidence(labelled: Int = 100, r2: Double? = 0.9, mae: Double? = 1, drift: Double? = 0.01,
                  drifted: [String] = [], served: Int = 100, sinceTraining: Double? = 1000) -> MonitorEvidence {
        MonitorEvidence(labelledRows: labelled, r2: r2, mae: mae, driftScore: drift, driftedFeatures: drifted,
                        rowsSinceTraining: served, secondsSinceTraining: sinceTraining)
    }

    @Test func healthyModelIsStable() {
        let (decision, reasons) = policy().decide(evidence())
        #expect(decision == .stable)
        #expect(reasons.isEmpty)
    }

    @Test func lowLiveR2Retrains() {
        let (decision, reasons) = policy().decide(evidence(r2: 0.05))
        #expect(decision == .retrain)
        #expect(reasons.first?.contains("R²") == true)
    }

    @Test func fewLabelledRowsAreInsufficientNotStableNorRetrain() {
        // 0 and 1 labelled rows broke the seed's monitoring; here they are "insufficient data".
        for labelled in [0, 1, 9] {
            let (decision, _) = policy().decide(evidence(labelled: labelled, r2: nil))
            #expect(decision == .insufficientData)
        }
        // Even with a terrible R² on too few rows.
        #expect(policy().decide(evidence(labelled: 3, r2: -5)).decision == .insufficientData)
    }

    @Test func cooldownDefersTheSameEvidence() {
        let (decision, reasons) = policy().decide(evidence(r2: 0.05, sinceTraining: 10))
        #expect(decision == .stable)
        #expect(reasons.first?.contains("cooldown") == true)
        #expect(policy().decide(evidence(r2: 0.05, sinceTraining: 61)).decision == .retrain)
    }

    @Test func maeDriftRowsAndScheduleTriggers() {
        #expect(policy { $0.maeThreshold = 2 }.decide(evidence(mae: 3)).decision == .retrain)
        #expect(policy { $0.maeThreshold = 2 }.decide(evidence(mae: 1.5)).decision == .stable)
        let drifted = policy().decide(evidence(drift: 0.4, drifted: ["x"]))
        #expect(drifted.decision == .retrain)
        #expect(drifted.reasons.first?.contains("x") == true)
        #expect(policy().decide(evidence(drift: 0.4)).decision == .stable)  // no feature judged drifted
        #expect(policy { $0.driftThreshold = nil }.decide(evidence(drift: 0.4, drifted: ["x"])).decision == .stable)
        #expect(policy { $0.retrainAfterRows = 50 }.decide(evidence(labelled: 0, r2: nil, served: 50)).decision == .retrain)
        #expect(policy { $0.retrainEverySeconds = 3600 }.decide(evidence(sinceTraining: 4000)).decision == .retrain)
        #expect(policy { $0.retrainEverySeconds = 3600 }.decide(evidence(sinceTraining: 100)).decision == .stable)
    }
}

@Suite struct PromotionRuleTests {
    @Test func noProductionPromotes() {
        #expect(PromotionRule(metric: "r2", minImprovement: 0).judge(candidate: ["r2": 0.5], production: nil).promote)
    }

    @Test func higherR2WinsAndTiesKeepProduction() {
        let rule = PromotionRule(metric: "r2", minImprovement: 0)
        #expect(rule.judge(candidate: ["r2": 0.8], production: ["r2": 0.7]).promote)
        #expect(!rule.judge(candidate: ["r2": 0.7], production: ["r2": 0.7]).promote)
        #expect(!rule.judge(candidate: ["r2": 0.6], production: ["r2": 0.7]).promote)
    }

    @Test func lowerErrorWinsForMAEAndRMSE() {
        #expect(PromotionRule(metric: "mae", minImprovement: 0).judge(candidate: ["mae": 1.0], production: ["mae": 2.0]).promote)
        #expect(!PromotionRule(metric: "rmse", minImprovement: 0).judge(candidate: ["rmse": 3.0], production: ["rmse": 2.0]).promote)
    }

    @Test func minimumImprovementIsRequired() {
        let rule = PromotionRule(metric: "r2", minImprovement: 0.05)
        #expect(!rule.judge(candidate: ["r2": 0.73], production: ["r2": 0.7]).promote)
        #expect(rule.judge(candidate: ["r2": 0.76], production: ["r2": 0.7]).promote)
    }

    @Test func undefinedMetricsAreHandled() {
        let rule = PromotionRule(metric: "r2", minImprovement: 0)
        #expect(!rule.judge(candidate: [:], production: ["r2": 0.7]).promote)
        #expect(rule.judge(candidate: ["r2": 0.5], production: [:]).promote)
    }
}
