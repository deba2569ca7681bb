/// One table cell: escaped text or markup the renderer built itself, with an optional class.
struct Cell {
    var html: String
    var cls: String?

    /// User or data text: always escaped.
    static func text(_ s: String?, cls: String? = nil) -> Cell { Cell(html: HTMLEscape.text(s ?? "—"), cls: cls) }
    /// A number, right-aligned in a tabular font.
    static func number(_ v: Double?, significant: Int = 4) -> Cell {
        Cell(html: HTMLEscape.text(NumberFormat.number(v, significant: significant)), cls: "num")
    }
    static func integer(_ v: Int?) -> Cell { Cell(html: HTMLEscape.text(NumberFormat.integer(v)), cls: "num") }
    /// Markup produced by the renderer (badges, code spans) from escaped parts.
    static func markup(_ html: String, cls: String? = nil) -> Cell { Cell(html: html, cls: cls) }
}

/// Builds HTML tables and small fragments with escaping applied in one place.
enum HTML {
    static func table(id: String? = nil, headers: [(String, numeric: Bool)], rows: [[Cell]]) -> String {
        var out = "<table" + (id.map { " id=\"\(HTMLEscape.text($0))\"" } ?? "") + "><thead><tr>"
        for (title, numeric) in headers {
            out += numeric ? "<th class=\"num\">" : "<th>"
            out += HTMLEscape.text(title) + "</th>"
        }
        out += "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>"
            for cell in row {
                out += (cell.cls.map { "<td class=\"\(HTMLEscape.text($0))\">" } ?? "<td>") + cell.html + "</td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table>"
    }

    /// A `<section>` with an id (the table of contents links to it), a heading and a body.
    static func section(id: String, title: String, subtitle: String? = nil, body: String, cls: String = "card") -> String {
        var out = "<section id=\"\(HTMLEscape.text(id))\" class=\"\(HTMLEscape.text(cls))\"><h2>\(HTMLEscape.text(title))</h2>"
        if let subtitle { out += "<p class=\"subtitle\">\(HTMLEscape.text(subtitle))</p>" }
        return out + body + "</section>"
    }

    /// The note shown instead of a chart when there is nothing to draw.
    static func empty(_ message: String) -> String {
        "<p class=\"empty\">\(HTMLEscape.text(message))</p>"
    }

    static func note(_ message: String) -> String {
        "<p class=\"note\">\(HTMLEscape.text(message))</p>"
    }

    static func code(_ s: String) -> String { "<code>\(HTMLEscape.text(s))</code>" }

    /// A coloured label for a status, action, decision or severity; the class is derived from a
    /// fixed vocabulary so user text never becomes a class name.
    static func badge(_ text: String, kind: BadgeKind) -> String {
        "<span class=\"badge \(kind.rawValue)\">\(HTMLEscape.text(text))</span>"
    }

    /// A note about points left out of a chart, or nothing when all were drawn.
    static func skippedNote(_ result: ChartResult, what: String) -> String {
        guard result.skipped > 0 else { return "" }
        return note("\(result.skipped) \(what) not plotted (NaN, ±Infinity or missing).")
    }

    /// A chart wrapped in a figure with a caption.
    static func figure(_ svg: String, caption: String) -> String {
        "<figure>\(svg)<figcaption>\(HTMLEscape.text(caption))</figcaption></figure>"
    }
}

/// Badge colours; raw values are CSS classes.
enum BadgeKind: String {
    case good, bad, warn, neutral, info

    /// Colour of a version status.
    static func status(_ status: String) -> BadgeKind {
        switch status {
        case "production": return .good
        case "failed", "rejected": return .bad
        case "awaiting_approval", "candidate", "training": return .warn
        default: return .neutral
        }
    }
}
