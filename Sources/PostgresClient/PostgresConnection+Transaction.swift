import Foundation
import CLibPQ

extension PostgresConnection {
    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws (and the
    /// error is rethrown). Inside another transaction it uses a SAVEPOINT instead, so only the
    /// inner part is undone.
    ///
    /// If a statement inside failed but `body` swallowed the error, PostgreSQL turns COMMIT
    /// into ROLLBACK; that is reported as an `inFailedSQLTransaction` error, not as success.
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        let handle = try liveHandle()
        let nested = PQtransactionStatus(handle) != PQTRANS_IDLE
        let savepoint = "pgct_savepoint_\(savepointCounter.next())"
        try simpleQuery(nested ? "SAVEPOINT \(savepoint)" : "BEGIN")
        let value: T
        do {
            value = try body(self)
        } catch {
            // Best effort: when the connection is gone the server has rolled back already.
            _ = try? simpleQuery(nested ? "ROLLBACK TO SAVEPOINT \(savepoint); RELEASE SAVEPOINT \(savepoint)"
                                        : "ROLLBACK")
            throw error
        }
        if nested {
            if PQtransactionStatus(handle) == PQTRANS_INERROR {
                _ = try? simpleQuery("ROLLBACK TO SAVEPOINT \(savepoint); RELEASE SAVEPOINT \(savepoint)")
                throw Self.rolledBackError
            }
            try simpleQuery("RELEASE SAVEPOINT \(savepoint)")
        } else {
            let commit = try simpleQuery("COMMIT")
            if commit.commandTag == "ROLLBACK" { throw Self.rolledBackError }
        }
        return value
    }

    static let rolledBackError = PostgresError(
        kind: .query, sqlState: .inFailedSQLTransaction, severity: "ERROR",
        message: "the transaction was rolled back because a statement in it failed")
}

/// Distinct savepoint names per process, so nested transactions never collide.
final class SavepointCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func next() -> Int { lock.withLock { value += 1; return value } }
}

let savepointCounter = SavepointCounter()
