/// Deterministic train/test split and K-fold assignment, identical to what SQL computes with
/// PostgreSQL's builtin `hashtextextended(id::text, seed)`:
///
///     bucket = ((h % 1000000) + 1000000) % 1000000      -- h: the bigint hash, % truncating
///     test   = bucket < round(testFraction * 1000000)
///     fold   = bucket % K                               -- training rows only
///
/// A row's side depends only on its id and the seed, never on row order, so a retrain on more
/// data keeps every old test row in the test set.
public struct HashSplit: Sendable, Codable, Equatable {
    /// Buckets per unit of probability.
    public static let bucketCount: Int64 = 1_000_000

    /// Fraction of rows in the test set (0…1).
    public var testFraction: Double
    /// Seed passed to `hashtextextended`.
    public var seed: Int64

    /// A split; the seed's defaults follow the seed pipeline (test 0.2, seed 42).
    public init(testFraction: Double = 0.2, seed: Int64 = 42) {
        precondition(testFraction >= 0 && testFraction <= 1, "test fraction must be within 0...1")
        self.testFraction = testFraction
        self.seed = seed
    }

    /// Buckets below this are test rows.
    public var testThreshold: Int64 { Int64((testFraction * Double(Self.bucketCount)).rounded()) }

    /// The row's bucket in 0..<1_000_000.
    public func bucket(id: String) -> Int64 {
        let h = PostgresHash.hashTextExtended(id, seed: seed)
        return ((h % Self.bucketCount) + Self.bucketCount) % Self.bucketCount
    }

    /// Whether the row belongs to the test set.
    public func isTest(id: String) -> Bool { bucket(id: id) < testThreshold }

    /// Cross-validation fold (0..<k) of a training row.
    public func fold(id: String, folds k: Int) -> Int {
        precondition(k >= 2, "cross-validation needs at least 2 folds")
        return Int(bucket(id: id) % Int64(k))
    }
}

/// PostgreSQL's `hash_bytes_extended` (src/common/hashfn.c): Bob Jenkins' lookup3 hash with a
/// 64-bit seed, as PostgreSQL runs it on little-endian machines, written here from lookup3's
/// published description. `hashtextextended` hashes the text's bytes in the database encoding;
/// Swift strings are UTF-8, which matches a UTF8 database.
public enum PostgresHash {
    /// `hashtextextended(text, seed)` for a UTF8 database (deterministic collation).
    public static func hashTextExtended(_ text: String, seed: Int64) -> Int64 {
        Int64(bitPattern: hashBytesExtended(Array(text.utf8), seed: UInt64(bitPattern: seed)))
    }

    @inline(__always) private static func rot(_ x: UInt32, _ k: UInt32) -> UInt32 { (x << k) | (x >> (32 - k)) }

    @inline(__always) private static func mix(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32) {
        a &-= c; a ^= rot(c, 4); c &+= b
        b &-= a; b ^= rot(a, 6); a &+= c
        c &-= b; c ^= rot(b, 8); b &+= a
        a &-= c; a ^= rot(c, 16); c &+= b
        b &-= a; b ^= rot(a, 19); a &+= c
        c &-= b; c ^= rot(b, 4); b &+= a
    }

    @inline(__always) private static func final(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32) {
        c ^= b; c &-= rot(b, 14)
        a ^= c; a &-= rot(c, 11)
        b ^= a; b &-= rot(a, 25)
        c ^= b; c &-= rot(b, 16)
        a ^= c; a &-= rot(c, 4)
        b ^= a; b &-= rot(a, 14)
        c ^= b; c &-= rot(b, 24)
    }

    /// `hash_bytes_extended(k, keylen, seed)`: returns (b << 32) | c.
    public static func hashBytesExtended(_ key: [UInt8], seed: UInt64) -> UInt64 {
        var length = key.count
        var a = UInt32(0x9e37_79b9) &+ UInt32(truncatingIfNeeded: length) &+ 3_923_095
        var b = a, c = a
        if seed != 0 {
            // The seed acts as a 12-byte chunk: high word into a, low word into b.
            a &+= UInt32(truncatingIfNeeded: seed >> 32)
            b &+= UInt32(truncatingIfNeeded: seed)
            mix(&a, &b, &c)
        }
        func word(_ i: Int) -> UInt32 {  // little-endian 32-bit load
            UInt32(key[i]) | UInt32(key[i + 1]) << 8 | UInt32(key[i + 2]) << 16 | UInt32(key[i + 3]) << 24
        }
        var i = 0
        while length >= 12 {
            a &+= word(i); b &+= word(i + 4); c &+= word(i + 8)
            mix(&a, &b, &c)
            i += 12
            length -= 12
        }
        // The last 0…11 bytes; c's lowest byte is left for the length, as lookup3 does.
        if length >= 11 { c &+= UInt32(key[i + 10]) << 24 }
        if length >= 10 { c &+= UInt32(key[i + 9]) << 16 }
        if length >= 9 { c &+= UInt32(key[i + 8]) << 8 }
        if length >= 8 { b &+= UInt32(key[i + 7]) << 24 }
        if length >= 7 { b &+= UInt32(key[i + 6]) << 16 }
        if length >= 6 { b &+= UInt32(key[i + 5]) << 8 }
        if length >= 5 { b &+= UInt32(key[i + 4]) }
        if length >= 4 { a &+= UInt32(key[i + 3]) << 24 }
        if length >= 3 { a &+= UInt32(key[i + 2]) << 16 }
        if length >= 2 { a &+= UInt32(key[i + 1]) << 8 }
        if length >= 1 { a &+= UInt32(key[i]) }
        final(&a, &b, &c)
        return UInt64(b) << 32 | UInt64(c)
    }
}
