import CLapack

/// A quick check that LAPACK is linked and computes correctly, for `pgct doctor`:
/// solves a small least-squares problem whose answer is known exactly.
public enum LAPACKSelfCheck {
    /// Fits y = 1 + 2x on x = 0, 1, 2 with `dgels` and compares with the exact coefficients.
    public static func run() -> (ok: Bool, detail: String) {
        // Column-major 3×2 design matrix [1 x] and right-hand side y.
        var design: [Double] = [1, 1, 1, 0, 1, 2]
        var rhs: [Double] = [1, 3, 5]
        let info = LAPACKE_dgels(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), 3, 2, 1, &design, 3, &rhs, 3)
        guard info == 0 else { return (false, "dgels failed with info \(info)") }
        let error = max(abs(rhs[0] - 1), abs(rhs[1] - 2))
        return error < 1e-12
            ? (true, "dgels solved a 3×2 least-squares problem")
            : (false, "dgels returned \(rhs[0]), \(rhs[1]); expected 1, 2")
    }
}
