extension ServerCapabilities {
    /// The most choices one request may ask for: 1 where the server ignores `n`, its slot count
    /// where it has slots (llama.cpp refuses an `n` above them), otherwise no limit.
    public var choicesPerRequest: Int { supportsMultipleChoices ? (slots ?? .max) : 1 }
}

/// `count` choices asked in requests of at most `per` each: every request's first choice index
/// (which also offsets its seed) and its `n`.
public func choiceBatches(count: Int, per: Int) -> [(first: Int, n: Int)] {
    let per = max(1, per)
    return stride(from: 0, to: count, by: per).map { ($0, min(per, count - $0)) }
}
