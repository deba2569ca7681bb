import CLapack

/// Thin, typed wrappers over the few LAPACKE routines the solvers need.
///
/// Every matrix here is column-major (`LAPACK_COL_MAJOR`) and owned by a Swift array, so no
/// C memory outlives a call. The wrappers return `nil` instead of trapping when LAPACK
/// reports a failure: callers turn that into a diagnosis (rank deficiency, not positive definite).
enum Lapack {
    private static let layout = Int32(LAPACK_COL_MAJOR)
    private static let upper = CChar(UInt8(ascii: "U"))

    /// Cholesky factor (upper triangle, in place) of a symmetric positive definite `n×n` matrix.
    /// Returns nil when the matrix is not numerically positive definite.
    static func cholesky(_ a: [Double], n: Int) -> [Double]? {
        var f = a
        let info = f.withUnsafeMutableBufferPointer {
            LAPACKE_dpotrf(layout, upper, Int32(n), $0.baseAddress, Int32(n))
        }
        return info == 0 ? f : nil
    }

    /// Reciprocal 1-norm condition estimate of the matrix whose Cholesky factor is `factor`.
    static func reciprocalCondition(factor: [Double], original: [Double], n: Int) -> Double {
        var anorm = 0.0
        for j in 0..<n {  // 1-norm: the largest absolute column sum
            var s = 0.0
            for i in 0..<n { s += abs(original[j * n + i]) }
            anorm = max(anorm, s)
        }
        var f = factor
        var rcond = 0.0
        let info = f.withUnsafeMutableBufferPointer {
            LAPACKE_dpocon(layout, upper, Int32(n), $0.baseAddress, Int32(n), anorm, &rcond)
        }
        return info == 0 ? rcond : 0
    }

    /// Solves `A x = b` given the upper Cholesky factor of `A`.
    static func choleskySolve(factor: [Double], n: Int, rhs: [Double]) -> [Double] {
        var f = factor
        var b = rhs
        _ = f.withUnsafeMutableBufferPointer { fp in
            b.withUnsafeMutableBufferPointer { bp in
                LAPACKE_dpotrs(layout, upper, Int32(n), 1, fp.baseAddress, Int32(n), bp.baseAddress, Int32(n))
            }
        }
        return b
    }

    /// The full inverse of `A` (symmetric, both triangles filled) from its upper Cholesky factor.
    static func choleskyInverse(factor: [Double], n: Int) -> [Double]? {
        var f = factor
        let info = f.withUnsafeMutableBufferPointer {
            LAPACKE_dpotri(layout, upper, Int32(n), $0.baseAddress, Int32(n))
        }
        guard info == 0 else { return nil }
        for j in 0..<n { for i in (j + 1)..<max(j + 1, n) { f[j * n + i] = f[i * n + j] } }
        return f
    }

    /// Result of a QR factorisation with column pivoting (`dgeqp3`).
    struct PivotedQR {
        /// Householder vectors below the diagonal, R on and above it (m×n, column-major).
        var factors: [Double]
        var tau: [Double]
        /// `pivot[k]` is the original index of the column in position k.
        var pivot: [Int]
        var rows: Int
        var columns: Int

        /// `|R[k,k]|` in pivot order: non-increasing, which is what rank decisions read.
        var diagonal: [Double] { (0..<min(rows, columns)).map { abs(factors[$0 * rows + $0]) } }
    }

    /// QR with column pivoting of an m×n matrix (m ≥ 1, n ≥ 1).
    static func pivotedQR(_ a: [Double], rows m: Int, columns n: Int) -> PivotedQR? {
        var f = a
        var jpvt = [Int32](repeating: 0, count: n)  // 0 = free column, pivoting allowed
        var tau = [Double](repeating: 0, count: min(m, n))
        let info = f.withUnsafeMutableBufferPointer { fp in
            jpvt.withUnsafeMutableBufferPointer { jp in
                tau.withUnsafeMutableBufferPointer { tp in
                    LAPACKE_dgeqp3(layout, Int32(m), Int32(n), fp.baseAddress, Int32(m), jp.baseAddress, tp.baseAddress)
                }
            }
        }
        guard info == 0 else { return nil }
        return PivotedQR(factors: f, tau: tau, pivot: jpvt.map { Int($0) - 1 }, rows: m, columns: n)
    }

    /// The explicit thin Q (m×k) from the first k Householder reflectors of a QR factorisation.
    static func thinQ(_ qr: PivotedQR, k: Int) -> [Double]? {
        let m = qr.rows
        var q = Array(qr.factors[0..<(m * k)])
        var tau = Array(qr.tau[0..<k])
        let info = q.withUnsafeMutableBufferPointer { qp in
            tau.withUnsafeMutableBufferPointer { tp in
                LAPACKE_dorgqr(layout, Int32(m), Int32(k), Int32(k), qp.baseAddress, Int32(m), tp.baseAddress)
            }
        }
        return info == 0 ? q : nil
    }

    /// Singular values (descending) of an m×n matrix.
    static func singularValues(_ a: [Double], rows m: Int, columns n: Int) -> [Double]? {
        var f = a
        var s = [Double](repeating: 0, count: min(m, n))
        var superb = [Double](repeating: 0, count: max(1, min(m, n) - 1))
        var u = [Double](repeating: 0, count: 1)
        var vt = [Double](repeating: 0, count: 1)
        let none = CChar(UInt8(ascii: "N"))
        let info = f.withUnsafeMutableBufferPointer { fp in
            s.withUnsafeMutableBufferPointer { sp in
                u.withUnsafeMutableBufferPointer { up in
                    vt.withUnsafeMutableBufferPointer { vp in
                        superb.withUnsafeMutableBufferPointer { bp in
                            LAPACKE_dgesvd(layout, none, none, Int32(m), Int32(n), fp.baseAddress, Int32(m),
                                           sp.baseAddress, up.baseAddress, 1, vp.baseAddress, 1, bp.baseAddress)
                        }
                    }
                }
            }
        }
        return info == 0 ? s : nil
    }
}
