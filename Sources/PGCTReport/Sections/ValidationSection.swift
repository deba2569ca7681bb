/// The data validation report of the latest training: row counts and the findings by severity.
enum ValidationSection {
    static func render(_ data: ReportData) -> String {
        guard let v = data.validation else {
            return HTML.section(id: "validation", title: "Last validation report",
                                body: HTML.empty("No validation report yet: one is produced by every training."))
        }
        let errors = v.findings.filter { $0.severity == .error }.count
        let warnings = v.findings.filter { $0.severity == .warning }.count
        var body = "<div class=\"tiles\">"
        body += tile("rows read", NumberFormat.integer(v.totalRows))
        body += tile("usable", NumberFormat.integer(v.usableRows))
        body += tile("excluded", NumberFormat.integer(v.excludedRows))
        body += tile("errors", String(errors), kind: errors > 0 ? "bad" : nil)
        body += tile("warnings", String(warnings), kind: warnings > 0 ? "warn" : nil)
        body += "</div>"
        body += errors > 0
            ? HTML.note("Errors refuse to train: this data did not produce a version.")
            : HTML.note("No errors: the data was accepted for training.")
        if v.findings.isEmpty {
            body += HTML.empty("No findings: every check passed.")
        } else {
            let order: [ReportData.Finding.Severity] = [.error, .warning, .info]
            let sorted = v.findings.enumerated().sorted {
                (order.firstIndex(of: $0.element.severity)!, $0.offset) < (order.firstIndex(of: $1.element.severity)!, $1.offset)
            }.map(\.element)
            body += HTML.table(id: "validation-table",
                               headers: [("Severity", false), ("Check", false), ("Column", false), ("Rows", true), ("Message", false)],
                               rows: sorted.map { f in
                                   let kind: BadgeKind = f.severity == .error ? .bad : (f.severity == .warning ? .warn : .info)
                                   return [.markup(HTML.badge(f.severity.rawValue, kind: kind)), .markup(HTML.code(f.code)),
                                           f.column.map { .markup(HTML.code($0)) } ?? .text(nil), .integer(f.count), .text(f.message)]
                               })
        }
        var subtitle = [String]()
        if let version = v.version { subtitle.append("training of v\(version)") }
        if let at = v.at { subtitle.append(NumberFormat.dateTime(at)) }
        return HTML.section(id: "validation", title: "Last validation report",
                            subtitle: subtitle.isEmpty ? nil : subtitle.joined(separator: ", "), body: body)
    }

    private static func tile(_ label: String, _ value: String, kind: String? = nil) -> String {
        "<div class=\"tile\(kind.map { " " + $0 } ?? "")\"><div class=\"value\">\(HTMLEscape.text(value))</div><div class=\"label\">\(HTMLEscape.text(label))</div></div>"
    }
}
