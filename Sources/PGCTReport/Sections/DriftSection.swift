/// Drift per feature in the latest monitoring window: PSI bars against the threshold, and a table
/// with the Kolmogorov–Smirnov statistics.
enum DriftSection {
    static func render(_ data: ReportData) -> String {
        guard let drift = data.drift, !drift.features.isEmpty else {
            return HTML.section(id: "drift", title: "Drift per feature",
                                body: HTML.empty("No drift measured yet: drift is computed when the agent monitors the production version."))
        }
        let shown = drift.features.prefix(ImportanceSection.maxBars)
        let threshold = data.thresholds.drift.map {
            ReferenceLine(kind: .vertical($0), label: "threshold \(NumberFormat.number($0))", color: Palette.reference)
        }
        let chart = BarChart(id: "chart-drift", label: "Population stability index per feature",
                             width: 570,
                             valueTitle: "PSI (population stability index, unitless)",
                             bars: shown.map {
                                 BarChart.Bar(label: $0.feature, value: $0.psi, color: $0.drifted ? Palette.bad : Palette.primary,
                                              title: "\($0.feature): PSI \(NumberFormat.number($0.psi))\($0.drifted ? " (drifted)" : "")")
                             }, threshold: threshold,
                             legend: [LegendEntry(label: "no drift", swatch: .bar(Palette.primary)),
                                      LegendEntry(label: "drifted", swatch: .bar(Palette.bad))]).render()
        var subtitle = [String]()
        if let at = drift.at { subtitle.append("window ending \(NumberFormat.dateTime(at))") }
        if let v = drift.version { subtitle.append("baseline: v\(v) training data") }
        var body = HTML.figure(chart.svg, caption: "PSI < 0.1: stable; 0.1–0.2: moderate shift; ≥ 0.2: significant shift.")
        body += HTML.skippedNote(chart, what: "features were")
        if drift.features.count > shown.count {
            body += HTML.note("The chart shows the first \(shown.count) of \(drift.features.count) features; the table lists all.")
        }
        body += HTML.table(id: "drift-table",
                           headers: [("Feature", false), ("PSI", true), ("KS D", true), ("KS p-value", true), ("n", true), ("Drift", false)],
                           rows: drift.features.map { f in
                               [.markup(HTML.code(f.feature)), .number(f.psi, significant: 3), .number(f.ks, significant: 3),
                                Cell(html: HTMLEscape.text(NumberFormat.pValue(f.ksPValue)), cls: "num"), .integer(f.n),
                                .markup(f.drifted ? HTML.badge("drifted", kind: .bad) : HTML.badge("ok", kind: .good))]
                           })
        return HTML.section(id: "drift", title: "Drift per feature",
                            subtitle: subtitle.isEmpty ? nil : subtitle.joined(separator: "; "), body: body)
    }
}
