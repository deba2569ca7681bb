/// The production version's coefficients with standard errors, t statistics and p-values.
enum CoefficientSection {
    static func render(_ data: ReportData) -> String {
        guard let table = data.coefficients, table.intercept != nil || !table.coefficients.isEmpty else {
            return HTML.section(id: "coefficients", title: "Coefficients",
                                body: HTML.empty("No production version yet: no coefficients to show."))
        }
        var rows: [[Cell]] = []
        if let b = table.intercept { rows.append(row(b, isIntercept: true)) }
        rows += table.coefficients.map { row($0, isIntercept: false) }
        var body = HTML.table(id: "coefficients-table",
                              headers: [("Term", false), ("Coefficient", true), ("Std. error", true),
                                        ("t", true), ("p-value", true), ("", false)],
                              rows: rows)
        var notes = ["Coefficients are in original units (the scaling used while fitting is folded in).",
                     "Significance: *** p < 0.001, ** p < 0.01, * p < 0.05."]
        if let k = table.conditionNumber {
            notes.append("Condition number \(NumberFormat.number(k, significant: 3))"
                         + (k > 1e8 ? ": high; the features are nearly collinear and individual coefficients are unstable." : "."))
        }
        body += HTML.note(notes.joined(separator: " "))
        return HTML.section(id: "coefficients", title: "Coefficients", subtitle: "v\(table.version)", body: body)
    }

    private static func row(_ c: ReportData.Coefficient, isIntercept: Bool) -> [Cell] {
        [.markup(isIntercept ? "<em>(intercept)</em>" : HTML.code(c.name)), .number(c.estimate, significant: 6),
         .number(c.standardError), .number(c.tStatistic, significant: 3),
         Cell(html: HTMLEscape.text(NumberFormat.pValue(c.pValue)), cls: "num"), .text(stars(c.pValue), cls: "stars")]
    }

    private static func stars(_ p: Double?) -> String {
        guard let p, p.isFinite else { return "" }
        return p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : ""
    }
}
