/// The model card: what the model predicts from what, how it is trained, and what is in production.
enum ModelCardSection {
    static func render(_ data: ReportData) -> String {
        let m = data.model
        var facts: [(String, String)] = [
            ("Source relation", HTML.code(m.source)),
            ("Target", HTML.code(m.target)),
            ("Features (\(m.features.count))",
             m.features.isEmpty ? "—" : m.features.map(HTML.code).joined(separator: " ")),
            ("Algorithm", HTMLEscape.text(m.algorithm == "linear" ? "linear (OLS)" : m.algorithm)),
            ("Production version", m.productionVersion.map { HTML.badge("v\($0)", kind: .good) }
                ?? HTML.badge("none yet", kind: .warn)),
        ]
        if let id = m.idColumn { facts.insert(("ID column", HTML.code(id)), at: 1) }
        if let time = m.timeColumn { facts.append(("Time column", HTML.code(time))) }
        if let at = m.createdAt {
            facts.append(("Created", HTMLEscape.text(NumberFormat.dateTime(at) + (m.createdBy.map { " by \($0)" } ?? ""))))
        }
        var body = "<div class=\"row\"><dl class=\"facts\">"
        for (term, value) in facts {
            body += "<dt>\(HTMLEscape.text(term))</dt><dd>\(value)</dd>"
        }
        body += "</dl><div class=\"options\"><h3>Options and policy</h3>"
        if m.options.isEmpty {
            body += HTML.empty("No options recorded: the defaults apply.")
        } else {
            body += HTML.table(id: "options-table", headers: [("Option", false), ("Value", false)],
                               rows: m.options.map { [.markup(HTML.code($0.key)), .text($0.value)] })
        }
        body += "</div></div>"
        return HTML.section(id: "model-card", title: "Model card", body: body)
    }
}
