import Foundation
import Testing
@testable import PGCTModels

/// NIST StRD certification: every coefficient, standard error, residual SD and R² of the eleven
/// linear least-squares datasets, fitted as NIST states the model (polynomials through
/// `polynomialDegree`), must have at least 9 correct significant digits.
@Suite struct NISTAccuracyTests {
    static let requiredLRE = 9.0

    @Test func certifiedValuesAgreeToNineDigits() throws {
        guard let dir = NISTDataset.directory else {
            print("NIST StRD data not found at ../shared/data/nist-strd beside the package: skipping certification")
            return
        }
        var table = ["| Dataset | solver | coefficients (min LRE) | std errors (min LRE) | residual SD | R² |",
                     "|---|---|---|---|---|---|"]
        for name in NISTDataset.names {
            let d = try NISTDataset.load(name, from: dir)
            let names = d.x.count == 1 ? ["x"] : (1...d.x.count).map { "x\($0)" }
            // Both the automatic choice and the accurate path must certify.
            for solver in [SolverChoice.auto, .accurate] {
            let options = FitOptions(fitIntercept: d.intercept, polynomialDegree: d.degree, solver: solver)
            let model = try LinearFitter.fit(columns: d.x, target: d.y, featureNames: names, options: options)
            // NIST numbers B0 (the intercept) first when there is one.
            let estimates: [Double?] = (d.intercept ? [model.intercept] : []) + model.coefficients.map { $0 }
            let ses: [Double?] = (d.intercept ? [model.interceptStandardError] : []) + (model.standardErrors ?? [])
            let coefficientLRE = zip(estimates, d.coefficients).map { NISTDataset.lre($0, certified: $1) }
            let seLRE = zip(ses, d.standardErrors).map { NISTDataset.lre($0, certified: $1) }
            let sdLRE = NISTDataset.lre(model.residualStandardDeviation, certified: d.residualSD)
            let r2LRE = NISTDataset.lre(model.r2, certified: d.r2)
            #expect(estimates.count == d.coefficients.count && ses.count == d.standardErrors.count, "\(name)")
            #expect(model.rankDeficiencies.isEmpty, "\(name) reported rank deficiency")
            for (i, l) in coefficientLRE.enumerated() { #expect(l >= Self.requiredLRE, "\(name) B\(i) LRE \(l)") }
            for (i, l) in seLRE.enumerated() { #expect(l >= Self.requiredLRE, "\(name) SE(B\(i)) LRE \(l)") }
            #expect(sdLRE >= Self.requiredLRE, "\(name) residual SD LRE \(sdLRE)")
            #expect(r2LRE >= Self.requiredLRE, "\(name) R² LRE \(r2LRE)")
            func f(_ v: Double) -> String { String(format: "%.1f", v) }
            table.append("| \(name) | \(solver.rawValue) → \(model.solver.rawValue) | \(f(coefficientLRE.min() ?? 0)) | \(f(seLRE.min() ?? 0)) | \(f(sdLRE)) | \(f(r2LRE)) |")
            }
        }
        print("NIST StRD linear least squares, log relative error (digits, capped at 15):\n" + table.joined(separator: "\n"))
    }
}
