/// Iterative refinement of a least-squares augmented system with extended-precision residuals.
///
/// Solves [I A; Aᵀ 0][r; x] = [b; c] for the kept columns of an extended-precision matrix,
/// using A ≈ Q₁R from a double-precision QR for the corrections (Björck 1967). Because the
/// residuals are formed in extended precision against the extended matrix, the iteration
/// converges to the extended-precision solution whenever κ(A)·2⁻⁵³ ≪ 1.
struct AugmentedSystem {
    /// Column-major n×(all columns) extended matrix.
    let a: [Extended]
    let rows: Int
    /// Which columns of `a` take part, in the QR's order.
    let columns: [Int]
    /// Thin Q (n×k) and upper-triangular R (k×k), column-major, in double.
    let q: [Double]
    let r: [Double]

    /// Returns x (k) and r (n).
    func refinedSolve(b: [Extended], c: [Extended]) -> (x: [Extended], r: [Extended]) {
        let n = rows, k = columns.count
        var x = [Extended](repeating: 0, count: k)
        var res = [Extended](repeating: 0, count: n)
        var previous = Extended.infinity
        for _ in 0..<AccurateSolver.maxRefinementSteps {
            // f = b − r − A x and g = c − Aᵀ r, in extended precision.
            var f = [Double](repeating: 0, count: n)
            var fe = b
            for i in 0..<n { fe[i] -= res[i] }
            for (a, col) in columns.enumerated() where x[a] != 0 {
                let base = col * n
                for i in 0..<n { fe[i] -= self.a[base + i] * x[a] }
            }
            for i in 0..<n { f[i] = Double(fe[i]) }
            var g = [Double](repeating: 0, count: k)
            for (a, col) in columns.enumerated() {
                var s = c[a]
                let base = col * n
                for i in 0..<n { s -= self.a[base + i] * res[i] }
                g[a] = Double(s)
            }
            // Corrections: Rᵀe = g, d = Qᵀf, R δx = d − e, δr = f + Q(e − d).
            let e = forwardSubstituteTransposed(g)
            var d = [Double](repeating: 0, count: k)
            for a in 0..<k {
                var s = 0.0
                for i in 0..<n { s += q[a * n + i] * f[i] }
                d[a] = s
            }
            let dx = backSubstitute((0..<k).map { d[$0] - e[$0] })
            var dr = f
            for a in 0..<k {
                let w = e[a] - d[a]
                if w != 0 { for i in 0..<n { dr[i] += q[a * n + i] * w } }
            }
            var dxNorm: Extended = 0, xNorm: Extended = 0
            for a in 0..<k {
                x[a] += Extended(dx[a])
                dxNorm = max(dxNorm, abs(Extended(dx[a])))
                xNorm = max(xNorm, abs(x[a]))
            }
            for i in 0..<n { res[i] += Extended(dr[i]) }
            // Stop at extended-precision noise, or when corrections stop shrinking.
            if dxNorm <= xNorm * Extended.ulpOfOne || dxNorm >= previous { break }
            previous = dxNorm
        }
        return (x, res)
    }

    /// Solves Rᵀ e = g.
    private func forwardSubstituteTransposed(_ g: [Double]) -> [Double] {
        let k = columns.count
        var e = g
        for i in 0..<k {
            var s = e[i]
            for j in 0..<i { s -= r[i * k + j] * e[j] }
            e[i] = s / r[i * k + i]
        }
        return e
    }

    /// Solves R x = d.
    private func backSubstitute(_ d: [Double]) -> [Double] {
        let k = columns.count
        var x = d
        for i in stride(from: k - 1, through: 0, by: -1) {
            var s = x[i]
            for j in (i + 1)..<max(i + 1, k) { s -= r[j * k + i] * x[j] }
            x[i] = s / r[i * k + i]
        }
        return x
    }
}
