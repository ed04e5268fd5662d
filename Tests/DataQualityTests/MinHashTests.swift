import DataQuality
import Foundation
import InstructData
import Testing

@Suite struct MinHashTests {
    /// Long (≥ 200 words: a few Code Alpaca records joined), mutually distinct texts (true
    /// word-5-shingle Jaccard below 0.3 with every other one), so that any near duplicate found
    /// among them would be a false one, and a copy with a couple of words changed stays well above
    /// the 0.7 threshold.
    static func distinctTexts(count: Int) throws -> [String] {
        let shingler = Shingler(unit: .word, size: 5)
        var chosen: [(text: String, shingles: Set<UInt64>)] = []
        var pending: [String] = []
        for fields in try Fixtures.readJSONL(Fixtures.newCodeAlpacaPath) {
            guard let instruction = fields["instruction"]?.stringValue, let output = fields["output"]?.stringValue else { continue }
            pending.append(instruction + "\n" + output)
            let text = pending.joined(separator: "\n\n")
            guard text.split(whereSeparator: \.isWhitespace).count >= 200 else { continue }
            pending.removeAll()
            let shingles = Set(shingler.hashes(of: text))
            if chosen.allSatisfy({ Self.jaccard($0.shingles, shingles) < 0.3 }) { chosen.append((text, shingles)) }
            if chosen.count == count { break }
        }
        return chosen.map(\.text)
    }

    static func jaccard(_ a: Set<UInt64>, _ b: Set<UInt64>) -> Double {
        Double(a.intersection(b).count) / Double(max(1, a.union(b).count))
    }

    /// `text` with `edits` words replaced, deterministically.
    static func edited(_ text: String, edits: Int, salt: Int) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let step = max(1, words.count / (edits + 1))
        for edit in 0..<edits {
            let position = min(words.count - 1, step * (edit + 1))
            words[position] = "edit\(salt)x\(edit)"
        }
        return words.joined(separator: " ")
    }

    @Test func signaturesAreDeterministicForASeed() {
        let shingles = Shingler().hashes(of: "def add(a, b):\n    return a + b  # adds two numbers and returns the sum")
        let first = MinHasher(permutations: 128, seed: 42).signature(of: shingles)
        let again = MinHasher(permutations: 128, seed: 42).signature(of: shingles)
        let other = MinHasher(permutations: 128, seed: 43).signature(of: shingles)
        #expect(first.count == 128)
        #expect(first == again)
        #expect(first != other)
        // Fixed values: the hash family must not change between builds or machines.
        #expect(FastHash.hash("abc", seed: 0) == FastHash.hash(Array("abc".utf8), seed: 0))
        #expect(FastHash.hash("abc", seed: 0) != FastHash.hash("abd", seed: 0))
        #expect(MinHasher(permutations: 12, seed: 7).signature(of: [1, 2, 3]).count == 12)
    }

    @Test func estimatedSimilarityTracksTrueJaccard() throws {
        let texts = try Self.distinctTexts(count: 2)
        let shingler = Shingler()
        let hasher = MinHasher(permutations: 256, seed: 1)
        let original = texts[0]
        for edits in [1, 3, 6] {
            let copy = Self.edited(original, edits: edits, salt: edits)
            let truth = Self.jaccard(Set(shingler.hashes(of: original)), Set(shingler.hashes(of: copy)))
            let estimate = MinHasher.similarity(hasher.signature(of: shingler.hashes(of: original)),
                                                hasher.signature(of: shingler.hashes(of: copy)))
            #expect(abs(estimate - truth) < 0.1, "edits \(edits): estimate \(estimate), true \(truth)")
        }
        let unrelated = MinHasher.similarity(hasher.signature(of: shingler.hashes(of: texts[0])),
                                             hasher.signature(of: shingler.hashes(of: texts[1])))
        #expect(unrelated < 0.3)
    }

    @Test func lshParametersMatchDatasketchChoice() {
        // datasketch 2.0.0: `_optimal_param(0.7, 128, 0.5, 0.5)` == (14, 9), (0.5, 128) → (25, 5), (0.8, 256) → (17, 15)
        // (also printed by scripts/bench-dedup.sh, which gives datasketch the same banding).
        let lsh = LSHParameters.optimal(threshold: 0.7, permutations: 128)
        #expect(lsh == LSHParameters(bands: 14, rows: 9))
        #expect(LSHParameters.optimal(threshold: 0.5, permutations: 128) == LSHParameters(bands: 25, rows: 5))
        #expect(LSHParameters.optimal(threshold: 0.8, permutations: 256) == LSHParameters(bands: 17, rows: 15))
        #expect(lsh.bands * lsh.rows <= 128)
        #expect(lsh.candidateProbability(similarity: 0.9) > 0.99)
        #expect(lsh.candidateProbability(similarity: 0.3) < 0.05)
    }

    @Test func findsPlantedNearDuplicatesAndLeavesDistinctRecordsAlone() throws {
        // 60 distinct texts of 200+ words fit in the 300-record fixture (it holds 69).
        let originals = try Self.distinctTexts(count: 60)
        #expect(originals.count == 60)
        let fingerprinter = DedupFingerprinter(options: DedupOptions())
        var finder = NearDuplicateFinder()
        var expectedKept: [Int: Int] = [:]   // position → position of its original
        var positions: [Int] = []
        for (index, text) in originals.enumerated() {
            positions.append(finder.add(fingerprinter.fingerprint(text)))
            // Every third original gets two near copies with a few words changed.
            if index % 3 == 0 {
                for copy in 1...2 {
                    let position = finder.add(fingerprinter.fingerprint(Self.edited(text, edits: 2, salt: copy)))
                    expectedKept[position] = positions[index]
                }
            }
        }
        let clusters = finder.resolve()
        for position in 0..<clusters.count {
            if let original = expectedKept[position] {
                let kept = try #require(clusters.keptRecord(for: position), "planted copy at \(position) not found")
                #expect(kept.index == original)
                #expect(kept.kind == .near)
            } else {
                #expect(clusters.keptRecord(for: position) == nil, "distinct record \(position) was removed")
            }
        }
        #expect(clusters.clusters().count == 20)
    }

    @Test func exactDuplicatesAfterNormalization() {
        let fingerprinter = DedupFingerprinter(options: DedupOptions())
        var finder = NearDuplicateFinder()
        finder.add(fingerprinter.fingerprint("Write a function that reverses a string.\ndef rev(s): return s[::-1]"))
        finder.add(fingerprinter.fingerprint("  WRITE a function   that reverses a string.\r\n\tdef rev(s): return s[::-1]  "))
        finder.add(fingerprinter.fingerprint("Write a function that sorts a list.\ndef srt(xs): return sorted(xs)"))
        let clusters = finder.resolve()
        #expect(clusters.keptRecord(for: 0) == nil)
        #expect(clusters.keptRecord(for: 1)?.index == 0)
        #expect(clusters.keptRecord(for: 1)?.kind == .exact)
        #expect(clusters.keptRecord(for: 2) == nil)
    }

    @Test func clustersJoinTransitivelyAndKeepTheFirst() {
        var finder = NearDuplicateFinder()
        let key = DedupFingerprint.ExactKey.self
        finder.add(DedupFingerprint(exact: key.init(high: 1, low: 1), bandKeys: [10, 11]))
        finder.add(DedupFingerprint(exact: key.init(high: 2, low: 2), bandKeys: [20, 21]))
        finder.add(DedupFingerprint(exact: key.init(high: 3, low: 3), bandKeys: [10, 21]))
        finder.add(DedupFingerprint(exact: key.init(high: 4, low: 4), bandKeys: [40, 41]))
        let clusters = finder.resolve()
        #expect(clusters.keptRecord(for: 1)?.index == 0)
        #expect(clusters.keptRecord(for: 2)?.index == 0)
        #expect(clusters.directMatch(for: 2) == 0)
        #expect(clusters.keptRecord(for: 3) == nil)
        #expect(clusters.clusters() == [[0, 1, 2]])
    }
}
