import Testing
@testable import PostgresClient

@Suite struct ErrorTests {
    @Test func namedStatesHaveTheirCodes() {
        #expect(SQLState.uniqueViolation.rawValue == "23505")
        #expect(SQLState.syntaxError.rawValue == "42601")
        #expect(SQLState.undefinedTable.rawValue == "42P01")
        #expect(SQLState.raiseException.rawValue == "P0001")
        #expect(SQLState.queryCanceled.rawValue == "57014")
        #expect(SQLState(rawValue: "23505") == .uniqueViolation)
        #expect(SQLState.uniqueViolation.errorClass == "23")
    }

    @Test(arguments: ["08000", "08006", "08001", "08P01", "57P01", "57P02", "57P03"])
    func connectionStates(code: String) {
        #expect(SQLState(code).isConnectionError)
        #expect(SQLState(code).isTransient)
    }

    @Test(arguments: ["23505", "42601", "P0001", "57014", "40001"])
    func nonConnectionStates(code: String) {
        #expect(!SQLState(code).isConnectionError)
    }

    @Test func transientStates() {
        #expect(SQLState.serializationFailure.isTransient)
        #expect(SQLState.deadlockDetected.isTransient)
        #expect(!SQLState.uniqueViolation.isTransient)
    }

    @Test func descriptionCarriesStateMessageDetailHint() {
        let error = PostgresError(kind: .query, sqlState: .checkViolation, severity: "ERROR",
                                  message: "new row violates check constraint", detail: "d", hint: "h")
        #expect(error.description == "query error ERROR 23514: new row violates check constraint (detail: d) (hint: h)")
        #expect(!error.isConnectionError)
        #expect(PostgresError(kind: .query, sqlState: .adminShutdown, message: "x").isConnectionError)
        #expect(PostgresError(kind: .connection, message: "x").isConnectionError)
    }

    @Test func redactingRemovesBoundValues() {
        let error = PostgresError(kind: .query, sqlState: .uniqueViolation,
                                  message: "duplicate key value violates unique constraint \"users_email_key\"",
                                  detail: "Key (email, id)=(ann@example.org, 7) already exists.")
            .redacting(["ann@example.org", "7"])
        #expect(!error.description.contains("ann@example.org"))
        #expect(!error.description.contains("7)"))
        #expect(error.description.contains("users_email_key"))
    }

    @Test func shortSecretsOnlyRemovedWhereTheyStandAlone() {
        let text = Redaction.redact("invalid input syntax for type boolean: \"t1\" at t", secrets: ["t", "t1"])
        #expect(text == "invalid input syntax for type boolean: \"<redacted>\" at <redacted>")
        #expect(Redaction.redact("line 12 col 1", secrets: ["1"]) == "line 12 col <redacted>")
    }
}
