import Foundation

/// Reads NIST StRD linear least-squares datasets from `../shared/data/nist-strd` beside the
/// package root (no copy is kept in the project). The folder's README states their provenance.
struct NISTDataset {
    let name: String
    let intercept: Bool
    let degree: Int
    let y: [Double]
    /// One array per predictor column.
    let x: [[Double]]
    /// Certified values kept as the decimal strings NIST printed.
    let coefficients: [String]
    let standardErrors: [String]
    let residualSD: String
    let r2: String

    static let names = ["Norris", "Pontius", "NoInt1", "NoInt2", "Filip", "Longley",
                        "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5"]

    /// The data folder, or nil when it is absent (the tests then skip, saying so).
    static var directory: URL? {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let dir = root.deletingLastPathComponent().appendingPathComponent("shared/data/nist-strd")
        return FileManager.default.fileExists(atPath: dir.appendingPathComponent("certified.json").path) ? dir : nil
    }

    static func load(_ name: String, from dir: URL) throws -> NISTDataset {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("certified.json")))
        guard let all = json as? [String: Any], let d = all[name] as? [String: Any],
              let lines = d["data_lines"] as? [Int], let columns = d["data_columns"] as? [String],
              let coefficients = d["certified_coefficients"] as? [String],
              let ses = d["certified_std_errors"] as? [String],
              let sd = d["residual_sd"] as? String, let r2 = d["r_squared"] as? String,
              let intercept = d["intercept"] as? Bool
        else { throw CocoaError(.fileReadCorruptFile) }
        let text = try String(contentsOf: dir.appendingPathComponent("\(name).dat"), encoding: .ascii)
        let fileLines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        var y: [Double] = []
        var x = [[Double]](repeating: [], count: columns.count - 1)
        for line in fileLines[(lines[0] - 1)...(lines[1] - 1)] {
            let values = line.split(whereSeparator: \.isWhitespace).map { Double($0)! }
            precondition(values.count == columns.count, "unexpected data line in \(name)")
            y.append(values[0])
            for j in 1..<values.count { x[j - 1].append(values[j]) }
        }
        return NISTDataset(name: name, intercept: intercept, degree: d["degree"] as? Int ?? 1, y: y, x: x,
                           coefficients: coefficients, standardErrors: ses, residualSD: sd, r2: r2)
    }

    /// Log relative error, NIST's measure of correct significant digits, capped at 15
    /// (−log10 of the absolute error when the certified value is 0).
    static func lre(_ computed: Double?, certified text: String) -> Double {
        guard let computed, computed.isFinite else { return 0 }
        let certified = Double(text)!
        let error = certified == 0 ? abs(computed) : abs(computed - certified) / abs(certified)
        if error == 0 { return 15 }
        return min(15, max(0, -log10(error)))
    }
}
