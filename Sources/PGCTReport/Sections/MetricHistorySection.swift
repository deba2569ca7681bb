/// Test R² and MAE of every version, as two charts over the version number and a table.
enum MetricHistorySection {
    static func render(_ data: ReportData) -> String {
        let versions = data.versions.sorted { $0.version < $1.version }
        guard !versions.isEmpty else {
            return HTML.section(id: "metric-history", title: "Metric history per version",
                                body: HTML.empty("No versions yet: the model has not been trained."))
        }
        let r2 = chart(id: "chart-version-r2", label: "Test R² per version", yTitle: "R² (higher is better)",
                       versions: versions, test: \.testR2, train: \.trainR2)
        let mae = chart(id: "chart-version-mae", label: "Test MAE per version", yTitle: "MAE (target units, lower is better)",
                        versions: versions, test: \.testMAE, train: \.trainMAE)
        var body = "<div class=\"row\">"
        body += "<div>" + HTML.figure(r2.svg, caption: "R² on each version's held-out test rows.")
            + HTML.skippedNote(r2, what: "R² values") + "</div>"
        body += "<div>" + HTML.figure(mae.svg, caption: "Mean absolute error on each version's held-out test rows.")
            + HTML.skippedNote(mae, what: "MAE values") + "</div>"
        body += "</div>"
        body += HTML.table(id: "versions-table",
                           headers: [("Version", true), ("Status", false), ("Created", false), ("Train n", true),
                                     ("Test n", true), ("Test R²", true), ("Test MAE", true), ("Test RMSE", true),
                                     ("Solver", false), ("Decision", false)],
                           rows: versions.map { v in
                               [.integer(v.version), .markup(HTML.badge(v.status, kind: .status(v.status))),
                                .text(NumberFormat.dateTime(v.createdAt)), .integer(v.trainRows), .integer(v.testRows),
                                .number(v.testR2), .number(v.testMAE), .number(v.testRMSE), .text(v.solver),
                                .markup(decision(v))]
                           })
        return HTML.section(id: "metric-history", title: "Metric history per version", body: body)
    }

    private static func decision(_ v: ReportData.Version) -> String {
        let parts = [v.decision, v.reason].compactMap { $0 }.filter { !$0.isEmpty }
        if parts.isEmpty { return "—" }
        if let d = v.decision, !d.isEmpty {
            return "<strong>\(HTMLEscape.text(d))</strong>" + (v.reason.map { ": " + HTMLEscape.text($0) } ?? "")
        }
        return HTMLEscape.text(parts.joined(separator: ": "))
    }

    private static func chart(id: String, label: String, yTitle: String, versions: [ReportData.Version],
                              test: KeyPath<ReportData.Version, Double?>,
                              train: KeyPath<ReportData.Version, Double?>) -> ChartResult {
        func points(_ key: KeyPath<ReportData.Version, Double?>, _ name: String) -> [SeriesPoint] {
            versions.compactMap { v in
                v[keyPath: key].map {
                    SeriesPoint(x: Double(v.version), y: $0, title: "v\(v.version) \(name) \(NumberFormat.number($0))")
                }
            }
        }
        var series = [Series(name: "test", color: Palette.primary, points: points(test, "test"))]
        let trainPoints = points(train, "train")
        if !trainPoints.isEmpty {
            series.append(Series(name: "train", color: Palette.secondary, points: trainPoints, radius: 3))
        }
        // Versions without the metric (failed fits) are "missing": count them as skipped.
        var result = SeriesChart(id: id, label: label, width: 570, height: 300, xAxis: .integer(title: "version"),
                                 yTitle: yTitle, series: series).render()
        result.skipped += versions.count - series[0].points.count
        return result
    }
}
