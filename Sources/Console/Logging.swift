import Logging

/// Sets swift-log up once per process: plain lines on stderr, so stdout stays for results.
public enum LogSetup {
    public static func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
