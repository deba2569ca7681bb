import Foundation
import Testing
@testable import PGCTReport

/// The page is well-formed, self-contained and has every section, for full, empty and tiny data.
@Suite struct StructureTests {
    static let variants: [(String, ReportData)] = [
        ("sample", SampleReport.make()), ("empty", Fixtures.empty()), ("single", Fixtures.single()),
    ]

    @Test(arguments: variants.map(\.0))
    func wellFormedWithEverySection(variant: String) throws {
        let data = Self.variants.first { $0.0 == variant }!.1
        let page = try XHTML(ReportRenderer.html(data))
        for id in ReportRenderer.sectionIDs {
            #expect(try page.count("//section[@id='\(id)']") == 1, "section \(id) in \(variant)")
            #expect(try page.count("//nav/a[@href='#\(id)']") == 1, "link to \(id) in \(variant)")
        }
        // Ids are unique across the page (duplicate ids would break anchors and the chart tests).
        let ids = try page.nodes("//@id").compactMap(\.stringValue)
        #expect(Set(ids).count == ids.count)
    }

    @Test(arguments: variants.map(\.0))
    func selfContained(variant: String) throws {
        let data = Self.variants.first { $0.0 == variant }!.1
        let html = ReportRenderer.html(data)
        for forbidden in ["http://", "https://", "<script", "@import", "url(", "<link", "<iframe", "<img"] {
            #expect(!html.lowercased().contains(forbidden), "\(forbidden) in \(variant)")
        }
        // Every src/href is a same-page anchor.
        let page = try XHTML(html)
        for node in try page.nodes("//@href | //@src | //@*[local-name()='href']") {
            #expect(node.stringValue?.hasPrefix("#") == true, "external reference \(node.stringValue ?? "")")
        }
    }

    @Test func emptyDataSaysSoInsteadOfDrawing() throws {
        let page = try XHTML(ReportRenderer.html(Fixtures.empty()))
        #expect(try page.count("//svg") == 0)
        let monitoring = try #require(try page.text("//section[@id='monitoring']"))
        #expect(monitoring.contains("No monitoring yet"))
        for id in ReportRenderer.sectionIDs where id != "model-card" {
            #expect(try page.count("//section[@id='\(id)']//p[@class='empty']") == 1, "empty note in \(id)")
        }
    }

    @Test func everyChartHasAxisTitlesAndTickLabels() throws {
        let page = try XHTML(ReportRenderer.html(SampleReport.make()))
        let charts = try page.nodes("//svg/@id").compactMap(\.stringValue)
        #expect(charts.count == 9)
        for id in charts {
            #expect(try page.count("//*[@id='\(id)']//*[@class='axis-title']") >= 1, "axis title in \(id)")
            #expect(try page.count("//*[@id='\(id)']//*[local-name()='text']") >= 4, "tick labels in \(id)")
        }
    }

    @Test func codableRoundTripRendersTheSame() throws {
        let data = SampleReport.make()
        let decoded = try JSONDecoder().decode(ReportData.self, from: JSONEncoder().encode(data))
        #expect(decoded == data)
        #expect(ReportRenderer.html(decoded) == ReportRenderer.html(data))
    }
}
