import Foundation
import Testing
@testable import PGCTAgent

/// JSON written to jsonb parameters: booleans stay booleans, non-finite numbers become null.
@Suite struct JSONTextTests {
    @Test func booleansSurviveARoundTrip() {
        // Parsed JSON booleans are bridged NSNumbers; they must not come back as 0 and 1
        // (check_options rejects {"promote": 0}).
        let parsed = JSONText.parse(#"{"promote": false, "fit_intercept": true, "alpha": 0.5, "seed": 42}"#)
        #expect(JSONText.encode(parsed) == #"{"alpha":0.5,"fit_intercept":true,"promote":false,"seed":42}"#)
    }

    @Test func nonFiniteNumbersAndNilsBecomeNull() {
        let missing: Double? = nil
        let text = JSONText.encode(["a": Double.nan, "b": [1.0, Double.infinity], "c": missing as Any, "d": "x"])
        #expect(text == #"{"a":null,"b":[1,null],"c":null,"d":"x"}"#)
    }

    @Test func codableValuesKeepTheirShape() {
        struct Flags: Codable { var drifted: Bool; var psi: Double }
        #expect(JSONText.encode(JSONText.object(Flags(drifted: true, psi: 0.25))) == #"{"drifted":true,"psi":0.25}"#)
    }
}
