import Testing
@testable import PGCTModels

/// `hashtextextended` reference values computed once with a real PostgreSQL 15.20
/// (Debian 15.20-0+deb12u1, x86_64, UTF8 database) by
/// `SELECT id, s, hashtextextended(id, s) FROM (VALUES …) v(id), (VALUES (42),(0),(-1),(1234567890123)) s(s)`.
/// Byte lengths 0, 1, 2, 5, 10, 11, 12, 13, 21, 24, 25 cover every tail case of lookup3, the
/// 12-byte block loop, and multi-byte UTF-8.
@Suite struct HashSplitTests {
    static let reference: [(id: String, seed: Int64, hash: Int64)] = [
        ("", 42, 6158832220375811857), ("a", 42, 6942402718208252407), ("42", 42, -3661098917706801452),
        ("café", 42, -226975849683412507), ("🙂 emoji", 42, -3675284543303411697),
        ("hello world", 42, -3513769554600704881), ("order-000017", 42, -3404953545647216701),
        ("hello world!", 42, 2479580040493412857), ("hello world!!", 42, -3322402259041673096),
        ("日本語テキスト", 42, 8529039909826144818), ("abcdefghijklmnopqrstuvwx", 42, 6361211217781023591),
        ("abcdefghijklmnopqrstuvwxy", 42, 7081056386789377078),
        ("", 0, -6939563903564495251), ("a", 0, 3591986179850072241), ("hello world", 0, 6947366892317592103),
        ("hello world!", 0, -2866487628948787489), ("hello world!!", 0, 2407105755976055416),
        ("日本語テキスト", 0, 7199576139645017696), ("abcdefghijklmnopqrstuvwxy", 0, 5649064133428767341),
        ("", -1, -5142811166230430645), ("a", -1, 8688456822845412000), ("café", -1, -9056463070026987671),
        ("hello world!", -1, -1372292274548325517), ("abcdefghijklmnopqrstuvwx", -1, -1203456767747787834),
        ("", 1234567890123, 6300763041544039762), ("🙂 emoji", 1234567890123, -585420553592520222),
        ("order-000017", 1234567890123, 1270925366425011512),
        ("abcdefghijklmnopqrstuvwxy", 1234567890123, 9025081750564877796),
    ]

    @Test func matchesPostgreSQLHashTextExtended() {
        for r in Self.reference {
            #expect(PostgresHash.hashTextExtended(r.id, seed: r.seed) == r.hash, "id \(r.id) seed \(r.seed)")
        }
    }

    /// From the same server: `SELECT id, b, b < round(0.2*1000000), b % 5 FROM (SELECT id,
    /// ((hashtextextended(id, 42) % 1000000) + 1000000) % 1000000 AS b FROM (VALUES …) v(id)) s`.
    static let buckets: [(id: String, bucket: Int64, test: Bool, fold: Int)] = [
        ("42", 198548, true, 3), ("a", 252407, false, 2), ("hello world", 295119, false, 4),
        ("order-000017", 783299, false, 4), ("1", 632248, false, 3), ("2", 353337, false, 2),
        ("3", 180209, true, 4), ("7", 550845, false, 0),
    ]

    @Test func bucketSideAndFoldFollowTheSQLFormula() {
        let split = HashSplit(testFraction: 0.2, seed: 42)
        for r in Self.buckets {
            #expect(split.bucket(id: r.id) == r.bucket, "id \(r.id)")
            #expect(split.isTest(id: r.id) == r.test, "id \(r.id)")
            #expect(split.fold(id: r.id, folds: 5) == r.fold, "id \(r.id)")
        }
    }

    @Test func testFractionIsRespectedAndStableUnderGrowth() {
        let split = HashSplit(testFraction: 0.2, seed: 7)
        let small = (0..<5_000).filter { split.isTest(id: String($0)) }
        let large = Set((0..<20_000).filter { split.isTest(id: String($0)) })
        // Every old test row stays a test row after the data grows.
        #expect(small.allSatisfy { large.contains($0) })
        // 20k Bernoulli(0.2) draws: standard deviation 57, so ±400 is a 7σ band.
        #expect(abs(large.count - 4_000) < 400)
    }
}
