/// The report's colours. Chosen to stay distinguishable in greyscale print (different
/// lightness) and for the common colour-vision deficiencies (blue/orange as the main pair).
enum Palette {
    static let text = "#1f2937"
    static let muted = "#6b7280"
    static let grid = "#e5e7eb"
    static let axis = "#9ca3af"
    static let primary = "#2563eb"
    static let secondary = "#ea580c"
    static let good = "#15803d"
    static let bad = "#dc2626"
    static let neutral = "#9ca3af"
    static let marker = "#7c3aed"
    static let reference = "#111827"
}
