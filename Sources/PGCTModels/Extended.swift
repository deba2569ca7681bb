/// The wider floating-point type used where double precision is not enough: polynomial powers,
/// residuals in iterative refinement, and the change of polynomial basis.
///
/// x86-64 has the 80-bit x87 format (64-bit significand, unit roundoff 5.4e-20). Other
/// architectures fall back to Double, and the NIST tests then report the lower accuracy.
#if arch(x86_64) && !os(Windows)
typealias Extended = Float80
#else
typealias Extended = Double
#endif
