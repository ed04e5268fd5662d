/// Word n-grams of benchmark texts in an inverted hash table (n-gram hash → problems), for the
/// overlap method that catches paraphrased leaks: a record that shares a long run of words
/// with a benchmark task, even with its wording changed around it, shares its n-grams.
struct NGramIndex: Sendable {
    let size: Int
    private let table: [UInt64: [Int32]]
    private static let wordSeed: UInt64 = 0x6E67_7261_6D73_0001

    /// `problems`: for each problem id, the normalized texts of its parts.
    /// N-grams shared by more than `maximumProblemsPerNgram` problems are left out: they are
    /// boilerplate that names no task.
    init(problems: [[[UInt8]]], size: Int, maximumProblemsPerNgram: Int = .max) {
        precondition(size > 0, "n-gram size must be positive")
        self.size = size
        var table: [UInt64: [Int32]] = [:]
        for (problem, texts) in problems.enumerated() {
            var seen = Set<UInt64>()
            for text in texts {
                for hash in Self.hashes(of: text, words: TextNormalizer.wordRanges(text), size: size) where seen.insert(hash).inserted {
                    table[hash, default: []].append(Int32(problem))
                }
            }
        }
        self.table = table.filter { $0.value.count <= maximumProblemsPerNgram }
    }

    var count: Int { table.count }

    /// The hash of every run of `size` consecutive words, by starting word.
    static func hashes(of text: [UInt8], words: [Range<Int>], size: Int) -> [UInt64] {
        guard words.count >= size else { return [] }
        let wordHashes = text.withUnsafeBytes { raw in
            words.map { FastHash.hash(UnsafeRawBufferPointer(rebasing: raw[$0]), seed: wordSeed) }
        }
        var hashes: [UInt64] = []
        hashes.reserveCapacity(words.count - size + 1)
        for start in 0...(words.count - size) {
            var hash = UInt64(size)
            for offset in 0..<size { hash = FastHash.combine(hash, wordHashes[start + offset]) }
            hashes.append(hash)
        }
        return hashes
    }

    /// For each problem that shares n-grams with `text`: the starting word of each shared n-gram.
    func matches(in text: [UInt8], words: [Range<Int>]) -> [Int32: [Int]] {
        var found: [Int32: [Int]] = [:]
        for (start, hash) in Self.hashes(of: text, words: words, size: size).enumerated() {
            guard let problems = table[hash] else { continue }
            for problem in problems { found[problem, default: []].append(start) }
        }
        return found
    }
}
