import Foundation
import Testing
@testable import PGCTReport

/// Writes the sample report to `$PGCT_REPORT_SAMPLE` so a person (or headless Chromium) can look
/// at it: `PGCT_REPORT_SAMPLE=/tmp/report.html swift test --filter ReportUnitTests`.
@Test func writeSampleReportWhenAsked() throws {
    let html = ReportRenderer.html(SampleReport.make())
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    guard let path = ProcessInfo.processInfo.environment["PGCT_REPORT_SAMPLE"] else { return }
    try html.write(toFile: path, atomically: true, encoding: .utf8)
}

/// The empty variant, for looking at the "nothing yet" notes: `$PGCT_REPORT_EMPTY_SAMPLE`.
@Test func writeEmptyReportWhenAsked() throws {
    let html = ReportRenderer.html(Fixtures.empty())
    #expect(html.contains("No monitoring yet"))
    guard let path = ProcessInfo.processInfo.environment["PGCT_REPORT_EMPTY_SAMPLE"] else { return }
    try html.write(toFile: path, atomically: true, encoding: .utf8)
}
