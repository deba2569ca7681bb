import Foundation

/// Accumulates SVG markup. Every text and attribute value is escaped here, so chart code never
/// builds markup from user strings by hand.
struct SVGBuilder {
    private(set) var markup = ""

    /// Coordinates with one decimal: plenty for screen and print, and keeps the file small.
    static func coordinate(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(format: "%.1f", r)
    }

    private static func attributes(_ attrs: KeyValuePairs<String, String?>) -> String {
        var out = ""
        for (key, value) in attrs {
            guard let value else { continue }
            out += " \(key)=\"\(HTMLEscape.text(value))\""
        }
        return out
    }

    mutating func raw(_ s: String) { markup += s }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String,
                       width: Double = 1, dash: String? = nil, cls: String? = nil) {
        typealias C = SVGBuilder
        markup += "<line x1=\"\(C.coordinate(x1))\" y1=\"\(C.coordinate(y1))\" x2=\"\(C.coordinate(x2))\" y2=\"\(C.coordinate(y2))\""
        markup += Self.attributes(["stroke": stroke, "stroke-width": C.coordinate(width),
                                   "stroke-dasharray": dash, "class": cls])
        markup += "/>"
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String,
                       stroke: String? = nil, cls: String? = nil, title: String? = nil) {
        typealias C = SVGBuilder
        markup += "<rect x=\"\(C.coordinate(x))\" y=\"\(C.coordinate(y))\" width=\"\(C.coordinate(max(w, 0)))\" height=\"\(C.coordinate(max(h, 0)))\""
        markup += Self.attributes(["fill": fill, "stroke": stroke, "class": cls])
        closeWithTitle(title, element: "rect")
    }

    mutating func circle(_ cx: Double, _ cy: Double, r: Double, fill: String, stroke: String? = nil,
                         opacity: Double? = nil, cls: String? = nil, title: String? = nil) {
        typealias C = SVGBuilder
        markup += "<circle cx=\"\(C.coordinate(cx))\" cy=\"\(C.coordinate(cy))\" r=\"\(C.coordinate(r))\""
        markup += Self.attributes(["fill": fill, "stroke": stroke,
                                   "fill-opacity": opacity.map { String(format: "%.2f", $0) }, "class": cls])
        closeWithTitle(title, element: "circle")
    }

    /// An open polyline through `points` (a series' connecting line).
    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 1.5,
                           dash: String? = nil, cls: String? = nil) {
        guard points.count > 1 else { return }
        let list = points.map { "\(SVGBuilder.coordinate($0.0)),\(SVGBuilder.coordinate($0.1))" }.joined(separator: " ")
        markup += "<polyline points=\"\(list)\" fill=\"none\""
        markup += Self.attributes(["stroke": stroke, "stroke-width": SVGBuilder.coordinate(width),
                                   "stroke-dasharray": dash, "stroke-linejoin": "round", "class": cls])
        markup += "/>"
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ content: String, x: Double, y: Double, anchor: Anchor = .start, size: Double = 12,
                       fill: String = Palette.text, weight: String? = nil, rotate: Double? = nil,
                       cls: String? = nil, title: String? = nil, halo: Bool = false) {
        typealias C = SVGBuilder
        markup += "<text x=\"\(C.coordinate(x))\" y=\"\(C.coordinate(y))\""
        let transform = rotate.map { "rotate(\(C.coordinate($0)) \(C.coordinate(x)) \(C.coordinate(y)))" }
        markup += Self.attributes(["text-anchor": anchor.rawValue, "font-size": C.coordinate(size),
                                   "fill": fill, "font-weight": weight, "transform": transform, "class": cls,
                                   // A white outline keeps labels readable where they cross lines.
                                   "stroke": halo ? "#ffffff" : nil, "stroke-width": halo ? "3" : nil,
                                   "paint-order": halo ? "stroke" : nil])
        markup += ">"
        if let title { markup += "<title>\(HTMLEscape.text(title))</title>" }
        markup += HTMLEscape.text(content) + "</text>"
    }

    private mutating func closeWithTitle(_ title: String?, element: String) {
        if let title {
            markup += "><title>\(HTMLEscape.text(title))</title></\(element)>"
        } else {
            markup += "/>"
        }
    }

    /// Wraps the accumulated markup in an `<svg>` element with an id (used by tests and links),
    /// an accessible label and a viewBox, so the chart scales down for narrow windows and print.
    func svg(id: String, width: Double, height: Double, label: String) -> String {
        let w = SVGBuilder.coordinate(width), h = SVGBuilder.coordinate(height)
        return "<svg id=\"\(HTMLEscape.text(id))\" class=\"chart\" viewBox=\"0 0 \(w) \(h)\" width=\"\(w)\" height=\"\(h)\" role=\"img\" aria-label=\"\(HTMLEscape.text(label))\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif\">"
            + "<title>\(HTMLEscape.text(label))</title>" + markup + "</svg>"
    }
}
