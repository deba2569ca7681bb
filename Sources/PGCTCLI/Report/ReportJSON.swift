import Foundation
import PGCTReport

/// Reading the agent's jsonb columns. They are written through `JSONSerialization`, so booleans
/// arrive as 0/1 and non-finite numbers as null: decoded by hand rather than with `Codable`.
enum JSONValue {
    static func object(text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    static func array(text: String) -> [Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [Any]
    }

    /// A number (or numeric string such as "NaN"); nil for null and anything else.
    static func double(_ value: Any?) -> Double? {
        switch value {
        case let number as NSNumber: number.doubleValue
        case let text as String: Double(text)
        default: nil
        }
    }

    /// An array of numbers with nulls kept as nil; empty when `value` is not an array.
    static func doubles(_ value: Any?) -> [Double?] {
        (value as? [Any])?.map(double) ?? []
    }

    static func int(_ value: Any?) -> Int? {
        (value as? NSNumber)?.intValue
    }

    /// true/false, or 0/1 as `JSONSerialization` writes Swift booleans.
    static func bool(_ value: Any?) -> Bool {
        (value as? NSNumber)?.boolValue ?? false
    }
}

/// A `pgct.monitoring.drift` value (an encoded `PGCTModels.DriftReport`).
struct DriftJSON {
    var features: [ReportData.FeatureDrift]
    /// The PSI level the agent judged drift against.
    var psiThreshold: Double?

    init?(text: String) {
        guard let object = JSONValue.object(text: text), let features = object["features"] as? [[String: Any]] else {
            return nil
        }
        self.features = features.map { f in
            ReportData.FeatureDrift(feature: f["name"] as? String ?? "?", psi: JSONValue.double(f["psi"]) ?? .nan,
                                    ks: JSONValue.double(f["ks_statistic"]), ksPValue: JSONValue.double(f["ks_p_value"]),
                                    drifted: JSONValue.bool(f["drifted"]), n: JSONValue.int(f["count"]))
        }
        psiThreshold = JSONValue.double((object["thresholds"] as? [String: Any])?["psi_drift"])
    }
}

/// A version's `fit -> 'validation'` (an encoded `PGCTModels.ValidationReport`).
enum ValidationJSON {
    static func summary(_ object: [String: Any], at: Date?, version: Int?) -> ReportData.ValidationSummary {
        let findings = (object["findings"] as? [[String: Any]] ?? []).map { f in
            ReportData.Finding(severity: ReportData.Finding.Severity(rawValue: f["severity"] as? String ?? "") ?? .info,
                               code: f["code"] as? String ?? "", column: f["column"] as? String,
                               message: f["message"] as? String ?? "", count: JSONValue.int(f["count"]))
        }
        return ReportData.ValidationSummary(at: at, version: version, totalRows: JSONValue.int(object["total_rows"]) ?? 0,
                                            usableRows: JSONValue.int(object["usable_rows"]) ?? 0,
                                            excludedRows: JSONValue.int(object["excluded_rows"]) ?? 0,
                                            findings: findings)
    }
}
