import Foundation
@testable import PGCTCLI
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `pgct demo`, `pgct report` and `pgct status` run as a user runs them: the real executable,
/// a real PostgreSQL (the demo's own throwaway cluster, or a test database), real fits.
@Suite(.serialized) struct DemoTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pgct-demo-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The directory the demo said its cluster lives in.
    static func clusterDirectory(in stdout: String) -> String? {
        guard let line = stdout.components(separatedBy: "\n").first(where: { $0.contains("cluster files in ") }),
              let range = line.range(of: "cluster files in ") else { return nil }
        return String(line[range.upperBound...].prefix { $0 != " " })
    }

    /// Data points of the chart with this id (the renderer marks each with class `pt`).
    static func points(_ page: XMLDocument, chart id: String) throws -> Int {
        try page.nodes(forXPath: "//*[@id='\(id)']//*[contains(concat(' ', normalize-space(@class), ' '), ' pt ')]").count
    }

    @Test func demoTellsTheStoryAndWritesTheReport() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = directory.appendingPathComponent("demo.html")
        let run = try PGCTProcess.run(["demo", "--fast", "--report", report.path], environment: [:], timeout: 240)
        #expect(run.status == 0, "demo failed:\n\(run.stdout)\n\(run.stderr)")

        // The timeline tells each phase, the agent's decisions and ends with the summary.
        for phase in ["Phase 1 — initial data", "Phase 2 — more of the same", "Phase 3 — the points change",
                      "Phase 4 — new points"] {
            #expect(run.stdout.contains(phase), "timeline lacks '\(phase)'")
        }
        for text in ["version 1 promoted", "→ stable", "retrain: live R²", "compared with production on the same rows",
                     "version 2 promoted", "predicted by v2", "The story happened as expected", "Report: "] {
            #expect(run.stdout.contains(text), "timeline lacks '\(text)'")
        }
        let summary = run.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("1 initial") || $0.hasPrefix("2 same")
            || $0.hasPrefix("3 changed") || $0.hasPrefix("4 new") }
        #expect(summary.count == 4 && summary.allSatisfy { $0.hasSuffix("ok") }, "summary: \(summary)")
        // Not a terminal: no spinner or colour codes in a log.
        #expect(!run.stdout.contains("\u{1B}["))
        // The cluster is gone.
        let cluster = try #require(Self.clusterDirectory(in: run.stdout))
        #expect(!FileManager.default.fileExists(atPath: cluster))

        // The report: self-contained, well-formed, every section, charts with data.
        let html = try String(contentsOf: report, encoding: .utf8)
        for forbidden in ["http://", "https://", "<script", "url(", "<link", "<img"] {
            #expect(!html.lowercased().contains(forbidden), "report contains \(forbidden)")
        }
        let page = try XMLDocument(xmlString: html, options: [])
        for id in ["model-card", "metric-history", "monitoring", "predicted-vs-actual", "residuals", "coefficients",
                   "importance", "drift", "deployments", "validation"] {
            #expect(try page.nodes(forXPath: "//section[@id='\(id)']").count == 1, "section \(id)")
        }
        // 1 + 4 evaluations of v1 in phases 1–2 (the first without labels), 1 retrain, 4 of v2.
        #expect(try Self.points(page, chart: "chart-live-r2") >= 9)
        #expect(try Self.points(page, chart: "chart-version-r2") == 4)  // train and test R² of v1 and v2
        #expect(try Self.points(page, chart: "chart-predicted-actual") == 100)  // phase 4, predicted by v2
        #expect(try Self.points(page, chart: "chart-residuals") == 100)
        #expect(try Self.points(page, chart: "chart-importance") == 1)
        #expect(try Self.points(page, chart: "chart-drift") == 1)
        #expect(try Self.points(page, chart: "chart-deployments") == 2)
        #expect(try page.nodes(forXPath: "//table[@id='coefficients-table']/tbody/tr").count == 2)
        // The retrain is marked on the live chart, and v2 is what is in production.
        #expect(html.contains("v2 promoted"))
        #expect(html.contains("production v2"))
    }

    @Test func interruptedDemoCleansUp() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = try PGCTProcess(["demo", "--report", directory.appendingPathComponent("r.html").path], environment: [:])
        // Interrupt in the middle of the story, while the agent is working.
        let started = eventually(timeout: 120) { demo.stdout.contains("Phase 2") }
        #expect(started, "the demo did not reach phase 2:\n\(demo.stdout)\n\(demo.stderr)")
        let run = demo.stop(signal: SIGINT, timeout: 60)
        #expect(run.status == 130, "stdout:\n\(run.stdout)\nstderr:\n\(run.stderr)")
        #expect(run.stdout.contains("interrupted"))
        #expect(run.stdout.contains("throwaway cluster stopped and deleted"))
        let cluster = try #require(Self.clusterDirectory(in: run.stdout))
        #expect(!FileManager.default.fileExists(atPath: cluster))
    }

    @Test func statusPrintsTheModelRow() throws {
        let db = try AgentTestDatabase(prefix: "status_cmd", direct: true)
        var run = try db.pgct(["status"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("no models yet"))

        try db.createPointsModel(options: #"{"min_rows": 20}"#)
        var data = DemoPoints(seed: 11)
        try db.insertPoints(data.line(100, slope: 1.19, intercept: 6.7, noise: 0.5))
        run = try db.pgct(["status"])
        #expect(run.status == 0, "\(run.stderr)")
        var lines = run.stdout.components(separatedBy: "\n")
        #expect(lines.first?.hasPrefix("MODEL") == true)
        #expect(lines.contains { $0.hasPrefix("points ") && $0.hasSuffix("untrained") }, "\(run.stdout)")

        #expect(try db.pgct(["agent", "--once"]).status == 0)
        run = try db.pgct(["status"])
        lines = run.stdout.components(separatedBy: "\n")
        let row = try #require(lines.first { $0.hasPrefix("points ") })
        #expect(row.contains(" v1 ") && row.hasSuffix("serving"), "\(row)")
        // Columns are aligned: each header starts where its values start.
        let header = lines[0]
        let at = try #require(header.range(of: "PRODUCTION")).lowerBound.utf16Offset(in: header)
        #expect(Array(row.utf16)[at] == "v".utf16.first)
    }

    @Test func reportOfAModelAndItsErrors() throws {
        let db = try AgentTestDatabase(prefix: "report_cmd", direct: true)
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("sub/points.html").path

        var run = try db.pgct(["report", "no_such_model", "--out", out])
        #expect(run.status == 1)
        #expect(run.stderr.contains("no model named 'no_such_model'"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        run = try db.pgct(["report", "--out", out])
        #expect(run.status == 2)
        #expect(run.stderr.contains("missing argument <model>"))
        run = try db.pgct(["report", "points"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--out"))

        // A model just created: the report is written and says what is missing.
        try db.createPointsModel(options: #"{"min_rows": 20}"#)
        run = try db.pgct(["report", "points", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        var html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("No monitoring yet"))

        // Trained and serving: the coefficients and their inference come from the registry.
        var data = DemoPoints(seed: 5)
        try db.insertPoints(data.line(120, slope: 1.19, intercept: 6.7, noise: 0.5))
        #expect(try db.pgct(["agent", "--once"]).status == 0)
        try db.insertPoints(data.line(40, slope: 1.19, intercept: 6.7, noise: 0.5))
        #expect(try db.pgct(["agent", "--once"]).status == 0)
        run = try db.pgct(["report", "points", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        html = try String(contentsOfFile: out, encoding: .utf8)
        let page = try XMLDocument(xmlString: html, options: [])
        #expect(try Self.points(page, chart: "chart-predicted-actual") == 40)
        let rows = try page.nodes(forXPath: "//table[@id='coefficients-table']/tbody/tr").compactMap(\.stringValue)
        #expect(rows.count == 2)
        #expect(rows.contains { $0.contains("(intercept)") } && rows.contains { $0.hasPrefix("x") }, "\(rows)")
    }
}
