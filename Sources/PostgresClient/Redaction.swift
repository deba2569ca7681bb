/// Removes secrets (passwords, bound parameter values) from text that may reach a log.
enum Redaction {
    static let marker = "<redacted>"

    /// Replaces every occurrence of each secret. Secrets shorter than 4 characters are replaced
    /// only where they stand alone (not inside a word), so a bound `t` or `1` does not mangle
    /// every `t` or `1` of the server's message while `(1)` or `"t"` still disappear.
    static func redact(_ text: String, secrets: [String]) -> String {
        var result = text
        // Longest first, so that a secret containing another is removed whole.
        for secret in Set(secrets).sorted(by: { $0.count > $1.count }) where !secret.isEmpty {
            if secret.count >= 4 {
                result = result.replacingOccurrences(of: secret, with: marker)
            } else {
                result = replaceStandalone(secret, in: result)
            }
        }
        return result
    }

    private static func replaceStandalone(_ secret: String, in text: String) -> String {
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix(secret) {
                let end = text.index(index, offsetBy: secret.count)
                let beforeOK = index == text.startIndex || !isWordCharacter(text[text.index(before: index)])
                let afterOK = end == text.endIndex || !isWordCharacter(text[end])
                if beforeOK && afterOK {
                    output += marker
                    index = end
                    continue
                }
            }
            output.append(text[index])
            index = text.index(after: index)
        }
        return output
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "."
            || character == "-"
    }
}
