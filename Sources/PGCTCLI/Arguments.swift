/// One option a command accepts: `--name VALUE` or, for flags, `--name`.
public struct OptionSpec: Sendable {
    public let name: String
    public let valueName: String?
    public let help: String

    /// An option that takes a value, written `--name VALUE` or `--name=VALUE`.
    public static func value(_ name: String, _ valueName: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: help)
    }

    /// A boolean flag, written `--name`.
    public static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help)
    }

    var isFlag: Bool { valueName == nil }
}

/// What a command accepts: its options and positional arguments, and the text `--help` prints.
public struct CommandSpec: Sendable {
    public let name: String
    public let abstract: String
    public let positionals: [(name: String, help: String)]
    public let options: [OptionSpec]
    /// When true, everything after `--` (or after the positionals) is passed through untouched.
    public let takesTrailingCommand: Bool
    public let discussion: String?

    public init(name: String, abstract: String, positionals: [(name: String, help: String)] = [],
                options: [OptionSpec] = [], takesTrailingCommand: Bool = false, discussion: String? = nil) {
        self.name = name
        self.abstract = abstract
        self.positionals = positionals
        self.options = options
        self.takesTrailingCommand = takesTrailingCommand
        self.discussion = discussion
    }

    /// The usage text printed by `pgct <command> --help`.
    public var usage: String {
        var line = "USAGE: pgct \(name)"
        for positional in positionals { line += " <\(positional.name)>" }
        if !options.isEmpty { line += " [options]" }
        if takesTrailingCommand { line += " -- <command> [<argument>...]" }
        var text = "OVERVIEW: \(abstract)\n\n\(line)\n"
        if !positionals.isEmpty {
            text += "\nARGUMENTS:\n"
            for positional in positionals {
                text += "  " + "<\(positional.name)>".padding(toLength: 24, withPad: " ", startingAt: 0)
                    + positional.help + "\n"
            }
        }
        text += "\nOPTIONS:\n"
        for option in options + [.flag("help", "Show help information.")] {
            var left = "--\(option.name)"
            if let valueName = option.valueName { left += " <\(valueName)>" }
            text += "  " + left.padding(toLength: max(24, left.count + 2), withPad: " ", startingAt: 0)
                + option.help + "\n"
        }
        if let discussion { text += "\n\(discussion)\n" }
        return text
    }
}

/// A command line that did not match its command's spec; printed with a hint and exit status 2.
public struct UsageError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The result of parsing one command's arguments against its spec.
public struct ParsedArguments: Sendable, Equatable {
    public var values: [String: String] = [:]
    public var flags: Set<String> = []
    public var positionals: [String] = []
    public var trailing: [String] = []
    public var wantsHelp = false

    public func value(_ name: String) -> String? { values[name] }
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The value of a numeric option, or a usage error naming the option when it is not a number.
    public func double(_ name: String) throws -> Double? {
        guard let text = values[name] else { return nil }
        guard let number = Double(text), number.isFinite else {
            throw UsageError("--\(name) expects a number, got '\(text)'")
        }
        return number
    }

    /// The value of an integer option, or a usage error naming the option.
    public func integer(_ name: String) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let number = Int(text) else { throw UsageError("--\(name) expects a whole number, got '\(text)'") }
        return number
    }

    /// Parses `arguments` (without the command name) in the way swift-argument-parser does:
    /// `--name value`, `--name=value`, flags, positionals in order, `--` ending the options.
    public static func parse(_ arguments: [String], spec: CommandSpec) throws -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                guard spec.takesTrailingCommand || !spec.positionals.isEmpty else {
                    throw UsageError("'pgct \(spec.name)' takes no arguments after '--'")
                }
                if spec.takesTrailingCommand {
                    parsed.trailing = Array(arguments[index...])
                } else {
                    parsed.positionals += arguments[index...]
                }
                break
            }
            if argument == "--help" || argument == "-h" {
                parsed.wantsHelp = true
                continue
            }
            if argument.hasPrefix("--") {
                var name = String(argument.dropFirst(2))
                var inlineValue: String?
                if let equals = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
                guard let option = spec.options.first(where: { $0.name == name }) else {
                    throw UsageError("unknown option '--\(name)' for 'pgct \(spec.name)'")
                }
                if option.isFlag {
                    if inlineValue != nil { throw UsageError("--\(name) is a flag and takes no value") }
                    parsed.flags.insert(name)
                } else if let inlineValue {
                    parsed.values[name] = inlineValue
                } else {
                    guard index < arguments.count else { throw UsageError("missing value for '--\(name) <\(option.valueName!)>'") }
                    parsed.values[name] = arguments[index]
                    index += 1
                }
                continue
            }
            if argument.hasPrefix("-") && argument.count > 1 && Double(argument) == nil {
                throw UsageError("unknown option '\(argument)' for 'pgct \(spec.name)'")
            }
            if parsed.positionals.count < spec.positionals.count {
                parsed.positionals.append(argument)
            } else if spec.takesTrailingCommand {
                parsed.trailing = Array(arguments[(index - 1)...])
                break
            } else {
                throw UsageError("unexpected argument '\(argument)' for 'pgct \(spec.name)'")
            }
        }
        if !parsed.wantsHelp && parsed.positionals.count < spec.positionals.count {
            let missing = spec.positionals[parsed.positionals.count].name
            throw UsageError("missing argument <\(missing)> for 'pgct \(spec.name)'")
        }
        if !parsed.wantsHelp && spec.takesTrailingCommand && parsed.trailing.isEmpty {
            throw UsageError("'pgct \(spec.name)' needs a command to run, e.g. 'pgct \(spec.name) -- psql'")
        }
        return parsed
    }
}
