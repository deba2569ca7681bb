import Foundation
import PGCTAgent
import PostgresClient

/// `pgct train MODEL`: runs the training pipeline once, now, in the foreground.
enum TrainCommand {
    static let command = PGCTCommand(
        CommandSpec(
            name: "train",
            abstract: "Run the training pipeline once for one model and print the outcome.",
            positionals: [("model", "The model's name.")],
            options: [
                dsnOption,
                .value("overrides", "json", "Options for this run only, e.g. '{\"alpha\": 0.5, \"promote\": false}'."),
                .flag("json", "Print the outcome as one JSON object."),
                .value("log-level", "level", "debug, info, warning or severe (default: warning)."),
            ],
            discussion: """
                Exit status 0 when the pipeline ran, whatever it decided (promoted, kept_production,
                awaiting_approval, failed validation); 1 when it could not run.
                """)
    ) { arguments in
        let level = try logLevel(arguments, default: .warning)
        if let overrides = arguments.value("overrides") {
            guard (try? JSONSerialization.jsonObject(with: Data(overrides.utf8))) is [String: Any] else {
                throw UsageError("--overrides must be a JSON object, e.g. '{\"alpha\": 0.5}'")
            }
        }
        let outcome = try ForegroundTraining.run(
            model: arguments.positionals[0], overridesJSON: arguments.value("overrides"),
            settings: ConnectionSettings(dsn: arguments.value("dsn")), logger: Logger(minimumLevel: level))
        if arguments.flag("json") {
            print(outcome.json())
        } else {
            print(outcome.summary)
        }
        return 0
    }
}
