/// Time limits and retry behaviour for model requests.
public struct ClientConfiguration: Sendable, Hashable {
    /// Seconds for one attempt, from sending to the last byte of the reply. Long generations on
    /// a busy server take minutes, so the default is generous.
    public var requestTimeout: Double
    public var connectTimeout: Double
    public var retry: RetryPolicy
    /// Largest reply accepted (a guard against a runaway server).
    public var maxReplyBytes: Int

    public init(requestTimeout: Double = 900, connectTimeout: Double = 10, retry: RetryPolicy = RetryPolicy(),
                maxReplyBytes: Int = 64 << 20) {
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.retry = retry
        self.maxReplyBytes = maxReplyBytes
    }
}
