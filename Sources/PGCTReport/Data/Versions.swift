import Foundation

extension ReportData {
    /// One registered version (a row of `pgct.model_versions` with its metrics flattened).
    public struct Version: Sendable, Codable, Equatable {
        public var version: Int
        /// `training`, `candidate`, `production`, `archived`, `rejected`, `failed` or `awaiting_approval`.
        public var status: String
        public var createdAt: Date?
        public var trainR2: Double?
        public var testR2: Double?
        public var trainMAE: Double?
        public var testMAE: Double?
        public var testRMSE: Double?
        public var trainRows: Int?
        public var testRows: Int?
        public var solver: String?
        /// What the comparison with production decided (e.g. `promoted`, `rejected`, `kept`).
        public var decision: String?
        /// Why, in words (e.g. `test MAE 0.91 < 4.20 on the same rows`).
        public var reason: String?

        public init(version: Int, status: String, createdAt: Date? = nil, trainR2: Double? = nil,
                    testR2: Double? = nil, trainMAE: Double? = nil, testMAE: Double? = nil,
                    testRMSE: Double? = nil, trainRows: Int? = nil, testRows: Int? = nil,
                    solver: String? = nil, decision: String? = nil, reason: String? = nil) {
            self.version = version
            self.status = status
            self.createdAt = createdAt
            self.trainR2 = trainR2
            self.testR2 = testR2
            self.trainMAE = trainMAE
            self.testMAE = testMAE
            self.testRMSE = testRMSE
            self.trainRows = trainRows
            self.testRows = testRows
            self.solver = solver
            self.decision = decision
            self.reason = reason
        }
    }

    /// A change of the production pointer (a row of `pgct.deployments`).
    public struct Deployment: Sendable, Codable, Equatable {
        /// The actions `pgct.deployments.action` allows.
        public enum Action: String, Sendable, Codable, Equatable, CaseIterable {
            case promote, rollback, approve, manual
        }

        public var at: Date
        public var version: Int
        public var previousVersion: Int?
        public var action: Action
        public var reason: String?
        public var actor: String

        public init(at: Date, version: Int, previousVersion: Int? = nil, action: Action,
                    reason: String? = nil, actor: String) {
            self.at = at
            self.version = version
            self.previousVersion = previousVersion
            self.action = action
            self.reason = reason
            self.actor = actor
        }
    }
}
