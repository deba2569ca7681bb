/// Escaping of text for HTML/XHTML content and attribute values.
///
/// Model, column and feature names are user input, so every piece of text goes through here.
/// Output must also stay well-formed XML (the tests parse the page as XML), hence two extra
/// rules beyond the five entities: characters XML forbids (NUL and other C0 controls, lone
/// surrogates cannot occur in Swift strings, U+FFFE/U+FFFF) become U+FFFD, and only the
/// XML-predefined entities are used.
enum HTMLEscape {
    /// Escapes `text` for use between tags or inside a double- or single-quoted attribute.
    static func text(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF
                    || (0x7F...0x9F).contains(scalar.value) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Shortens `text` to at most `limit` characters with an ellipsis (before escaping), for
    /// chart labels that must fit a fixed width; the full name goes in a `<title>` tooltip.
    static func truncated(_ text: String, limit: Int) -> String {
        guard text.count > limit, limit > 1 else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }
}
