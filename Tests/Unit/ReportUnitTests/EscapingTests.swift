import Foundation
import Testing
@testable import PGCTReport

/// User-supplied names render as text, never as markup, and never break the XML.
@Suite struct EscapingTests {
    static let hostile = "<script>alert('x&y')</script>\"><b>"

    @Test func escapeTextCoversMarkupCharacters() {
        #expect(HTMLEscape.text(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(HTMLEscape.text("é ∑ 😀") == "é ∑ 😀")
        // Characters XML forbids are replaced, so the document stays parseable.
        #expect(HTMLEscape.text("a\u{0}b\u{1B}c") == "a\u{FFFD}b\u{FFFD}c")
    }

    @Test func hostileNamesRenderAsText() throws {
        var data = SampleReport.make()
        data.model.name = Self.hostile
        data.model.features = [Self.hostile, "x\u{0}y"]
        data.model.options.append(.init(key: "</td>", value: Self.hostile))
        data.importance = [.init(feature: Self.hostile, meanAbsContribution: 1)]
        data.drift = .init(features: [.init(feature: Self.hostile, psi: 0.3, drifted: true)])
        data.deployments[0].reason = Self.hostile
        data.validation!.findings.append(.init(severity: .error, code: "bad", column: Self.hostile, message: Self.hostile))
        let html = ReportRenderer.html(data)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b>"))
        let page = try XHTML(html)
        #expect(try page.text("//h1/code") == Self.hostile)
        #expect(try page.text("//head/title") == "pgct report: " + Self.hostile)
        #expect(try page.count("//script") == 0)
        // The bar label is shortened but its tooltip keeps the full name.
        #expect(try page.count("//*[@id='chart-importance']//*[local-name()='title'][.='\(Self.hostile.replacingOccurrences(of: "'", with: "’"))']") == 0)
        let titles = try page.nodes("//*[@id='chart-importance']//*[local-name()='title']").compactMap(\.stringValue)
        #expect(titles.contains(Self.hostile))
    }
}
