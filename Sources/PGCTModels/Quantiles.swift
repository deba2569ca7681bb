/// Sample quantiles with numpy's default definition (linear interpolation, "type 7").
public enum Quantiles {
    /// The q-quantile (0…1) of already sorted, non-empty values.
    public static func quantile(sorted values: [Double], _ q: Double) -> Double {
        precondition(!values.isEmpty, "quantile of no values")
        let position = q * Double(values.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, values.count - 1)
        let fraction = position - Double(lower)
        return values[lower] + (values[upper] - values[lower]) * fraction
    }
}
