import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import PGCTReport

/// The rendered page parsed as XML: the report is written to be well-formed XHTML, so a strict
/// XML parser doubles as the well-formedness check and gives XPath for the structural tests.
struct XHTML {
    let document: XMLDocument

    init(_ html: String) throws {
        document = try XMLDocument(xmlString: html, options: [])
    }

    func nodes(_ xpath: String) throws -> [XMLNode] { try document.nodes(forXPath: xpath) }

    func count(_ xpath: String) throws -> Int { try nodes(xpath).count }

    /// Data points of the chart with this id (elements whose class list contains `pt`).
    func points(inChart id: String) throws -> Int {
        try count("//*[@id='\(id)']//*[contains(concat(' ', normalize-space(@class), ' '), ' pt ')]")
    }

    /// Concatenated text of the first element matching `xpath`.
    func text(_ xpath: String) throws -> String? { try nodes(xpath).first?.stringValue }
}

/// Small builders for report variants.
enum Fixtures {
    static let t0 = Date(timeIntervalSince1970: 1_714_557_600)

    static func card(name: String = "points", features: [String] = ["x"]) -> ReportData.ModelCard {
        .init(name: name, source: "public.points", target: "y", features: features, algorithm: "linear")
    }

    /// Only the model card: a model that was just created.
    static func empty(name: String = "points") -> ReportData {
        ReportData(generatedAt: t0, model: card(name: name))
    }

    /// One of everything.
    static func single() -> ReportData {
        ReportData(
            generatedAt: t0, model: card(),
            versions: [.init(version: 1, status: "production", createdAt: t0, testR2: 0.9, testMAE: 1.5)],
            monitoring: [.init(at: t0.addingTimeInterval(10), version: 1, n: 50, r2: 0.8, mae: 1.7, decision: .stable)],
            thresholds: .init(r2: 0.2, drift: 0.2),
            deployments: [.init(at: t0.addingTimeInterval(1), version: 1, action: .promote, actor: "pgct_agent")],
            predictions: .init(version: 1, points: [.init(actual: 3, predicted: 3.2)]),
            coefficients: .init(version: 1, intercept: .init(name: "(intercept)", estimate: 6.7),
                                coefficients: [.init(name: "x", estimate: 1.19)]),
            importance: [.init(feature: "x", meanAbsContribution: 2)],
            drift: .init(features: [.init(feature: "x", psi: 0.05, drifted: false)]),
            validation: .init(totalRows: 10, usableRows: 10, excludedRows: 0, findings: []))
    }
}
