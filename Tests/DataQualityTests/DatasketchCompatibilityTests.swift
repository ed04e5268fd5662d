import CMinHash
import Crypto
@testable import DataQuality
import InstructData
import Testing

/// The datasketch hash family must give datasketch's own MinHash signatures bit for bit. Every
/// expected value below was computed once with the real library — datasketch 2.0.0, numpy 2.4.6,
/// Python 3.11 (the versions scripts/bench-dedup.sh installs) — and pasted here:
///
///     from datasketch import MinHash
///     m = MinHash(num_perm=n, seed=s)        # scheme "affine32", hashfunc sha1_hash32
///     m.permutations; m.update_batch([s.encode() for s in shingles]); m.hashvalues
///
/// with shingles as the benchmark's peer script makes them:
/// `words = text.lower().split()`, `{" ".join(words[i:i+5]) for i in range(len(words) - 4)}`
/// (the whole text when it has fewer than five words).
@Suite struct DatasketchCompatibilityTests {
    @Test func mersenneTwisterMatchesNumpyRandomState() {
        // np.random.RandomState(1).randint(0, 1 << 32, 4, dtype=np.uint32)
        var random = LegacyRandomState(seed: 1)
        #expect((0..<4).map { _ in random.uniformUInt32(below: 1 << 32) } == [1_791_095_845, 4_282_876_139, 3_093_770_124, 4_005_303_368])
        // Masked rejection for a bound that is not a power of two stays below it.
        var bounded = LegacyRandomState(seed: 7)
        #expect((0..<1000).allSatisfy { _ in bounded.uniformUInt32(below: 1000) < 1000 })
    }

    @Test func permutationsMatchDatasketch() {
        let (a, b) = MinHasher(permutations: 128, seed: 1, family: .datasketch).datasketchPermutations
        #expect(a.count == 128 && b.count == 128)
        #expect(Array(a.prefix(4)) == [3_582_191_691, 4_270_784_983, 1_892_572_953, 3_715_639_441])
        #expect(Array(b.prefix(4)) == [214_548_472, 3_287_733_501, 2_301_657_549, 194_758_406])
        #expect(a[127] == 348_755_713 && b[127] == 1_195_370_327)
        // All a's are drawn before any b, so 16 permutations are not the first 16 of 128.
        let (a16, b16) = MinHasher(permutations: 16, seed: 42, family: .datasketch).datasketchPermutations
        #expect(Array(a16.prefix(3)) == [3_217_275_085, 2_547_284_839, 3_871_606_457])
        #expect(Array(b16.prefix(3)) == [2_581_769_315, 613_608_295, 3_041_148_567])
        #expect(MinHasher(permutations: 8, seed: 1, family: .fast).datasketchPermutations.a.isEmpty)
    }

    @Test func shingleHashIsSHA1Hash32() {
        // datasketch.hashfunc.sha1_hash32
        #expect(SHA1Hash32.hash(Array("def add(a, b): return".utf8)) == 3_864_442_723)
        #expect(SHA1Hash32.hash([]) == 4_003_674_586)
        #expect(SHA1Hash32.hash(Array("héllo wörld ünïcode".utf8)) == 3_516_259_271)
        // FIPS 180 example: SHA-1("abc") = a9993e36…, read little-endian.
        #expect(SHA1Hash32.hash(Array("abc".utf8)) == 0x363E_99A9)
    }

    /// Both SHA-1 paths (the CPU's SHA instructions where it has them, and portable C) against
    /// swift-crypto, over every length across the one- and two-block tails and a few blocks.
    @Test func sha1PathsAgreeWithSwiftCrypto() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        for length in 0...bytes.count {
            let prefix = Array(bytes.prefix(length))
            let expected = Insecure.SHA1.hash(data: prefix).withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
            #expect(SHA1Hash32.hash(prefix) == expected, "length \(length), SHA instructions: \(mh_has_sha_instructions())")
            #expect(prefix.withUnsafeBufferPointer { mh_sha1_hash32_portable($0.baseAddress, $0.count) } == expected, "length \(length)")
        }
    }

    /// The AVX2 permutation path (where the CPU has it) against the portable one, with a
    /// permutation count that leaves a partial vector.
    @Test func affinePathsAgree() {
        let hasher = MinHasher(permutations: 21, seed: 3, family: .datasketch)
        let (a, b) = hasher.datasketchPermutations
        let hashes = (0..<500).map { UInt32(truncatingIfNeeded: $0 &* 2_654_435_761) }
        var first = hashes, second = hashes
        var viaDispatch = [UInt32](repeating: .max, count: 21), viaPortable = viaDispatch
        mh_affine32_update(&first, first.count, a, b, &viaDispatch, 21)
        mh_affine32_update_portable(&second, second.count, a, b, &viaPortable, 21)
        #expect(viaDispatch == viaPortable, "AVX2: \(mh_has_avx2())")
        #expect(hasher.signature(of: hashes.map(UInt64.init)) == viaPortable)
    }

    @Test func signaturesOfShingleSetsMatchDatasketch() {
        let hasher = MinHasher(permutations: 16, seed: 1, family: .datasketch)
        func signature(_ shingles: [String]) -> [UInt32] {
            hasher.signature(of: shingles.map { UInt64(SHA1Hash32.hash(Array($0.utf8))) })
        }
        #expect(signature(["def add(a, b): return", "add(a, b): return a", "b): return a + b"]) == [
            2_101_288_000, 933_253_115, 598_139_627, 493_340_353, 2_380_330_717, 2_693_481_036, 107_419_657, 523_652_563,
            119_107_150, 754_177_181, 782_351_335, 699_023_283, 875_140_914, 912_114_817, 992_069_485, 172_560_066,
        ])
        #expect(signature(["héllo wörld ünïcode"]) == [
            2_142_286_769, 3_879_850_064, 3_969_366_123, 2_222_224_709, 2_446_607_709, 1_674_042_200, 2_423_147_145, 1_517_812_927,
            3_932_620_938, 1_405_142_557, 3_616_174_251, 2_358_459_519, 372_548_566, 1_471_214_205, 1_597_775_853, 2_108_702_429,
        ])
        // datasketch's empty MinHash: every value is max_hash.
        #expect(signature([]) == [UInt32](repeating: .max, count: 16))
    }

    @Test func textSignaturesMatchDatasketchThroughTheDedupShingling() {
        var options = DedupOptions()
        options.hashFamily = .datasketch
        options.permutations = 16
        func signature(_ text: String, permutations: Int = 16) -> [UInt32] {
            var options = options
            options.permutations = permutations
            return DedupFingerprinter(options: options).signature(text)
        }
        let code = "Write a function that returns\tthe SUM of two numbers.\n\ndef add(a, b):\n    return a + b"
        #expect(signature(code) == [
            220_935_285, 48_043_344, 130_192_344, 37_982_180, 1_389_613_239, 409_341_223, 107_419_657, 226_719_303,
            94_652_245, 163_172_329, 65_192_384, 300_593_918, 23_337_763, 641_059_853, 434_153_452, 209_544_330,
        ])
        #expect(signature(code, permutations: 128) == [
            408_127_267, 42_796_415, 117_649_651, 755_813_596, 277_516_006, 672_776_984, 307_890_621, 3_210_740,
            175_817_931, 622_828_971, 386_805_446, 424_942_793, 79_852_119, 668_437_196, 384_617_605, 476_852_948,
            186_544_249, 410_590_363, 31_529_751, 60_868_967, 722_429_108, 55_436_258, 349_351_628, 349_087_438,
            91_136_331, 66_152_607, 289_936_006, 91_270_209, 395_023_360, 121_817_963, 1_282_318, 1_004_520_144,
            76_664_141, 770_170_483, 1_705_092_868, 174_776_366, 29_792_803, 152_706_862, 39_841_012, 601_035_034,
            137_408_486, 428_755_130, 365_697_699, 1_206_196_504, 228_457_879, 450_425_239, 74_961_447, 366_498_978,
            150_091_189, 909_115_028, 106_250_929, 1_439_171_205, 329_954_498, 232_655_661, 560_577_881, 48_555_100,
            28_233_980, 268_961_067, 231_578_071, 266_588_723, 5_334_623, 454_641_856, 10_762_837, 112_220_260,
            456_230_833, 124_620_046, 53_416_085, 206_079_600, 404_340_920, 273_453_583, 606_740_644, 279_382_128,
            196_967_501, 208_649_862, 453_162_921, 9_394_263, 118_510_754, 1_056_789_255, 109_171_211, 167_589_760,
            704_588_384, 133_861_334, 51_000_910, 193_953_940, 38_124_150, 28_620_453, 149_787_245, 298_542_440,
            26_368_558, 622_137_000, 114_645_448, 140_685_118, 425_154_491, 58_878_085, 49_792_841, 300_570_935,
            539_917_508, 313_706_815, 718_474_522, 473_415_222, 109_915_293, 717_324_413, 620_787_271, 129_963_989,
            78_327_953, 1_382_832_261, 515_199_978, 332_980_425, 286_964_531, 138_996_492, 718_162_874, 832_306_399,
            548_152_224, 311_209_095, 141_706_358, 195_626_814, 97_661_923, 580_182_113, 430_916_515, 68_592_299,
            218_303_502, 746_391_675, 69_236_753, 148_476_464, 300_385_994, 78_388_049, 51_223_080, 459_793_808,
        ])
        // Non-ASCII letters are lowercased and a no-break space and an ideographic space split
        // words, as Python's str.lower().split() does.
        #expect(signature("Écris une fonction\u{00A0}qui renvoie la somme\u{3000}de deux nombres: ÀÉÎ") == [
            379_694_398, 669_992_131, 392_029_518, 551_097_050, 242_746_822, 1_446_245_401, 351_371_264, 358_941_835,
            424_675_427, 229_947_582, 589_035_282, 1_964_979_662, 328_601_621, 48_576_948, 1_306_547_060, 342_598_956,
        ])
        // Fewer words than a shingle: one shingle of the whole text.
        #expect(signature("Sort a list") == [
            345_801_247, 39_615_542, 3_566_546_405, 1_938_519_407, 3_689_230_035, 1_201_197_462, 1_555_405_807, 2_401_696_429,
            1_455_650_880, 438_965_159, 1_037_258_357, 2_929_987_101, 3_046_809_168, 2_221_061_523, 3_453_492_731, 623_621_399,
        ])
    }

    @Test func normalizationSplitsOnPythonWhitespace() {
        // Python: " ".join("A\u00a0B\u3000c\x1cD\u2029e\u0085F".lower().split()) == "a b c d e f"
        #expect(TextNormalizer.normalized("A\u{00A0}B\u{3000}c\u{1C}D\u{2029}e\u{0085}F") == "a b c d e f")
        #expect(TextNormalizer.normalized("  Two\u{1F}words \t") == "two words")
    }

    @Test func datasketchFamilyNeedsA32BitSeed() {
        var options = DedupOptions()
        options.seed = 1 << 32
        #expect(options.problems.contains { $0.contains("2^32") })
        options.hashFamily = .fast
        #expect(options.problems.isEmpty)
    }
}
