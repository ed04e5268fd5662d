import Foundation

/// How often and how patiently to retry a failed request: exponential backoff with full
/// jitter, capped, and never sooner than a server's Retry-After.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included (1 = no retries).
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double

    public init(maxAttempts: Int = 5, baseDelay: Double = 0.5, maxDelay: Double = 30) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    public static let singleAttempt = RetryPolicy(maxAttempts: 1)

    /// Seconds to wait before attempt `attempt + 1` (after `attempt` failures, counting from 1).
    public func delay(afterAttempt attempt: Int, retryAfter: Double?) -> Double {
        let exponential = min(maxDelay, baseDelay * pow(2, Double(max(0, attempt - 1))))
        let jittered = Double.random(in: (exponential / 2)...max(exponential / 2, exponential))
        guard let retryAfter else { return jittered }
        return max(jittered, min(retryAfter, maxDelay))
    }
}

/// Parses an HTTP Retry-After value: delta seconds, or an HTTP date.
enum RetryAfter {
    static func seconds(from value: String?, now: Date = Date()) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
