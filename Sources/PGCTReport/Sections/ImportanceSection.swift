/// Global importance: mean |contribution| per feature as bars, largest first.
enum ImportanceSection {
    /// More bars than this would make an unreadable chart; the rest are counted in a note.
    static let maxBars = 30

    static func render(_ data: ReportData) -> String {
        guard !data.importance.isEmpty else {
            return HTML.section(id: "importance", title: "Global importance",
                                body: HTML.empty("No explanations yet: importance is computed for the production version."))
        }
        let sorted = data.importance.sorted { lhs, rhs in
            // NaN sorts last so the top bars are real values.
            lhs.meanAbsContribution.isNaN ? false : rhs.meanAbsContribution.isNaN ? true
                : lhs.meanAbsContribution > rhs.meanAbsContribution
        }
        let shown = sorted.prefix(maxBars)
        let chart = BarChart(id: "chart-importance", label: "Mean absolute contribution per feature",
                             width: 570,
                             valueTitle: "mean |contribution| (target units)",
                             bars: shown.map {
                                 BarChart.Bar(label: $0.feature, value: $0.meanAbsContribution, color: Palette.primary,
                                              title: "\($0.feature): \(NumberFormat.number($0.meanAbsContribution))")
                             }).render()
        var body = HTML.figure(chart.svg, caption: "How far, on average, each feature moves a prediction away from the base value (exact linear Shapley values).")
        body += HTML.skippedNote(chart, what: "features were")
        if sorted.count > shown.count {
            body += HTML.note("Showing the \(shown.count) most important of \(sorted.count) features.")
        }
        return HTML.section(id: "importance", title: "Global importance", body: body)
    }
}
