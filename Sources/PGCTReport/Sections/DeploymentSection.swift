/// The history of the production pointer as a timeline and a table.
enum DeploymentSection {
    static func render(_ data: ReportData) -> String {
        let deployments = data.deployments.sorted { $0.at < $1.at }
        guard !deployments.isEmpty else {
            return HTML.section(id: "deployments", title: "Deployment timeline",
                                body: HTML.empty("No deployments yet: no version has been put in production."))
        }
        let chart = TimelineChart(id: "chart-deployments", label: "Changes of the production version over time",
                                  events: deployments.map { d in
                                      TimelineChart.Event(at: d.at.timeIntervalSince1970, label: "\(d.action.rawValue) v\(d.version)",
                                                          color: color(d.action),
                                                          title: "\(NumberFormat.dateTime(d.at)) \(d.action.rawValue) v\(d.version) by \(d.actor)")
                                  }).render()
        var body = HTML.figure(chart.svg, caption: "Each dot is one change of the production pointer, made in one audited transaction.")
        body += HTML.table(id: "deployments-table",
                           headers: [("At", false), ("Action", false), ("Version", false), ("Previous", false),
                                     ("Actor", false), ("Reason", false)],
                           rows: deployments.reversed().map { d in
                               [.text(NumberFormat.dateTime(d.at)), .markup(HTML.badge(d.action.rawValue, kind: badge(d.action))),
                                .text("v\(d.version)"), .text(d.previousVersion.map { "v\($0)" }), .text(d.actor), .text(d.reason)]
                           })
        return HTML.section(id: "deployments", title: "Deployment timeline", body: body)
    }

    private static func color(_ action: ReportData.Deployment.Action) -> String {
        switch action {
        case .promote, .approve: return Palette.good
        case .rollback: return Palette.secondary
        case .manual: return Palette.marker
        }
    }

    private static func badge(_ action: ReportData.Deployment.Action) -> BadgeKind {
        switch action {
        case .promote, .approve: return .good
        case .rollback: return .warn
        case .manual: return .info
        }
    }
}
