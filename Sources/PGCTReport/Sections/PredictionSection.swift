/// Predicted vs actual (with y = x) and residuals vs predicted (with the zero line) for the
/// production version, side by side.
enum PredictionSection {
    static func render(_ data: ReportData) -> String {
        guard let sample = data.predictions, !sample.points.isEmpty else {
            let empty = HTML.empty("No labelled predictions yet: nothing to compare.")
            return "<div class=\"row\">"
                + HTML.section(id: "predicted-vs-actual", title: "Predicted vs actual", body: empty)
                + HTML.section(id: "residuals", title: "Residuals", body: empty) + "</div>"
        }
        let of = sample.totalRows.map { " of \(NumberFormat.integer($0))" } ?? ""
        let subtitle = "v\(sample.version), \(NumberFormat.integer(sample.points.count))\(of) labelled rows"
        let radius = sample.points.count > 500 ? 2.2 : 3.2
        let scatter = SeriesChart(
            id: "chart-predicted-actual", label: "Predicted vs actual", width: 570,
            xAxis: .linear(title: "actual (target units)"), yTitle: "predicted (target units)",
            series: [Series(name: "rows", color: Palette.primary,
                            points: sample.points.map {
                                SeriesPoint(x: $0.actual, y: $0.predicted,
                                            title: "actual \(NumberFormat.number($0.actual)), predicted \(NumberFormat.number($0.predicted))")
                            }, connect: false, radius: radius, opacity: 0.55)],
            references: [ReferenceLine(kind: .diagonal(slope: 1, intercept: 0), label: "y = x (perfect)")],
            equalAxes: true).render()
        let residualPoints = sample.points.map {
            SeriesPoint(x: $0.predicted, y: $0.actual - $0.predicted,
                        title: "predicted \(NumberFormat.number($0.predicted)), residual \(NumberFormat.number($0.actual - $0.predicted))")
        }
        // Same height as the square scatter next to it.
        let residuals = SeriesChart(
            id: "chart-residuals", label: "Residuals vs predicted", width: 570,
            height: scatter.height, xAxis: .linear(title: "predicted (target units)"),
            yTitle: "residual = actual − predicted",
            series: [Series(name: "rows", color: Palette.secondary, points: residualPoints, connect: false,
                            radius: radius, opacity: 0.55)],
            references: [ReferenceLine(kind: .horizontal(0), label: "zero")]).render()
        let finite = residualPoints.map(\.y).filter(\.isFinite)
        var summary = ""
        if !finite.isEmpty {
            let mean = finite.reduce(0, +) / Double(finite.count)
            let mae = finite.map(abs).reduce(0, +) / Double(finite.count)
            summary = HTML.note("Residual mean \(NumberFormat.number(mean)), mean absolute residual \(NumberFormat.number(mae)) over the plotted rows.")
        }
        return "<div class=\"row\">"
            + HTML.section(id: "predicted-vs-actual", title: "Predicted vs actual", subtitle: subtitle,
                           body: HTML.figure(scatter.svg, caption: "Points on the dashed line are predicted exactly.")
                               + HTML.skippedNote(scatter, what: "rows were"))
            + HTML.section(id: "residuals", title: "Residuals", subtitle: subtitle,
                           body: HTML.figure(residuals.svg, caption: "A good fit scatters evenly around zero with no trend.")
                               + HTML.skippedNote(residuals, what: "rows were") + summary)
            + "</div>"
    }
}
