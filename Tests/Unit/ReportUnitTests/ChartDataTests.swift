import Foundation
import Testing
@testable import PGCTReport

/// Each chart draws exactly one mark per finite input value, skips the rest and says how many.
@Suite struct ChartDataTests {
    /// A geometry attribute holding NaN or Infinity (what a chart would emit if it drew a bad value).
    static let badCoordinate = #" (x|y|x1|x2|y1|y2|cx|cy|r|width|height|points|viewBox|transform)="[^"]*(nan|inf)"#

    @Test func sampleChartsDrawEveryPoint() throws {
        let data = SampleReport.make()
        let page = try XHTML(ReportRenderer.html(data))
        let finiteR2 = data.monitoring.compactMap(\.r2).filter(\.isFinite).count
        #expect(finiteR2 > 10)
        #expect(try page.points(inChart: "chart-live-r2") == finiteR2)
        #expect(try page.points(inChart: "chart-live-mae") == data.monitoring.compactMap(\.mae).count)
        let n = data.predictions!.points.count
        #expect(try page.points(inChart: "chart-predicted-actual") == n)
        #expect(try page.points(inChart: "chart-residuals") == n)
        #expect(try page.points(inChart: "chart-version-r2") == data.versions.count * 2)  // test and train
        #expect(try page.points(inChart: "chart-version-mae") == data.versions.count * 2)
        #expect(try page.points(inChart: "chart-importance") == data.importance.count)
        #expect(try page.points(inChart: "chart-drift") == data.drift!.features.count)
        #expect(try page.points(inChart: "chart-deployments") == data.deployments.count)
        #expect(try page.count("//table[@id='coefficients-table']/tbody/tr") == 2)
    }

    @Test func nonFiniteValuesAreSkippedAndCounted() throws {
        var data = SampleReport.make()
        let good = data.predictions!.points.count
        data.predictions!.points += [.init(actual: .nan, predicted: 1), .init(actual: 2, predicted: .infinity),
                                     .init(actual: -.infinity, predicted: 3)]
        let before = data.monitoring.compactMap(\.r2).count
        data.monitoring.append(.init(at: data.monitoring.last!.at.addingTimeInterval(5), version: 2, n: 200,
                                     r2: .nan, mae: .infinity, decision: .stable))
        data.importance.append(.init(feature: "broken", meanAbsContribution: .nan))
        let html = ReportRenderer.html(data)
        let page = try XHTML(html)
        #expect(try page.points(inChart: "chart-predicted-actual") == good)
        #expect(try page.points(inChart: "chart-residuals") == good)
        #expect(try page.points(inChart: "chart-live-r2") == before)
        #expect(try page.points(inChart: "chart-importance") == 1)
        #expect(try page.text("//section[@id='predicted-vs-actual']")?.contains("3 rows were not plotted") == true)
        #expect(try page.text("//section[@id='importance']")?.contains("1 features were not plotted") == true)
        // Insufficient-data evaluations plus the NaN one.
        let missing = data.monitoring.count - before
        #expect(try page.text("//section[@id='monitoring']")?.contains("\(missing) evaluations without an R²") == true)
        // No NaN or Infinity leaks into coordinates.
        #expect(html.range(of: Self.badCoordinate, options: [.regularExpression, .caseInsensitive]) == nil)
    }

    @Test func singlePointsRender() throws {
        let html = ReportRenderer.html(Fixtures.single())
        let page = try XHTML(html)
        for id in ["chart-live-r2", "chart-live-mae", "chart-predicted-actual", "chart-residuals",
                   "chart-version-r2", "chart-version-mae", "chart-importance", "chart-drift", "chart-deployments"] {
            #expect(try page.points(inChart: id) == 1, "one point in \(id)")
        }
        #expect(html.range(of: Self.badCoordinate, options: [.regularExpression, .caseInsensitive]) == nil)
    }

    @Test func monitoringShowsThresholdAndEventMarkers() throws {
        let page = try XHTML(ReportRenderer.html(SampleReport.make()))
        let chart = "//*[@id='chart-live-r2']"
        #expect(try page.count("\(chart)//*[@class='ref']") == 1)  // the R² threshold
        let labels = try page.nodes("\(chart)//*[@class='marker-label']").compactMap(\.stringValue)
        #expect(labels.contains("v2 promoted"))
        #expect(labels.contains("v2 trained"))
        #expect(labels.contains("v1 promoted"))
        // Retrain decisions are drawn in the alarm colour.
        #expect(try page.count("\(chart)//*[@class='pt'][@fill='\(Palette.bad)']") >= 1)
    }

    @Test func veryNegativeR2IsDrawnOnTheFloor() throws {
        var data = Fixtures.single()
        data.monitoring.append(.init(at: Fixtures.t0.addingTimeInterval(20), version: 1, n: 50, r2: -40, mae: 9,
                                     decision: .retrain))
        let page = try XHTML(ReportRenderer.html(data))
        #expect(try page.points(inChart: "chart-live-r2") == 2)
        #expect(try page.count("//*[@id='chart-live-r2']//*[@class='pt clipped']") == 1)
        #expect(try page.text("//section[@id='monitoring']")?.contains("lowest −40") == true)
        // The axis stops at −1 instead of stretching to −40.
        let ticks = try page.nodes("//*[@id='chart-live-r2']//*[local-name()='text']").compactMap(\.stringValue)
        #expect(!ticks.contains("−40"))
        #expect(ticks.contains("−1.00") || ticks.contains("−1.0") || ticks.contains("−1"))
    }

    @Test func manyFeaturesAreCappedInCharts() throws {
        var data = Fixtures.single()
        let names = (0..<100).map { "f\($0)" }
        data.importance = names.enumerated().map { .init(feature: $1, meanAbsContribution: Double($0)) }
        data.drift = .init(features: names.map { .init(feature: $0, psi: 0.1, drifted: false) })
        let page = try XHTML(ReportRenderer.html(data))
        #expect(try page.points(inChart: "chart-importance") == ImportanceSection.maxBars)
        #expect(try page.points(inChart: "chart-drift") == ImportanceSection.maxBars)
        #expect(try page.count("//table[@id='drift-table']/tbody/tr") == 100)
        // Largest first.
        #expect(try page.text("(//*[@id='chart-importance']//*[@class='pt'])[1]/*[local-name()='title']") == "f99: 99")
    }
}

/// The live-metric line breaks where the production version changed.
@Test func monitoringLineBreaksAtVersionChange() throws {
    let data = SampleReport.make()
    let page = try XHTML(ReportRenderer.html(data))
    let versions = Set(data.monitoring.filter { $0.r2 != nil }.compactMap(\.version))
    #expect(versions.count == 2)
    #expect(try page.count("//*[@id='chart-live-r2']//*[local-name()='polyline']") == versions.count)
}
