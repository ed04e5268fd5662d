// Hot loops of datasketch-compatible MinHash: SHA-1 of short shingles and the affine
// permutations' minimums. Each has a portable C path and an x86-64 path (SHA instructions,
// AVX2) chosen at run time, so the binary runs on any x86-64 CPU and on other architectures.
#include "minhash_kernels.h"

#include <stdatomic.h>
#include <string.h>

#if defined(__x86_64__) || defined(_M_X64)
#define MH_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

// MARK: SHA-1 (FIPS 180-4)

static inline uint32_t rotl32(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

static inline uint32_t load_be32(const uint8_t *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static void sha1_blocks_portable(uint32_t state[5], const uint8_t *data, size_t blocks) {
    for (size_t block = 0; block < blocks; block++, data += 64) {
        uint32_t w[80];
        for (int t = 0; t < 16; t++) w[t] = load_be32(data + 4 * t);
        for (int t = 16; t < 80; t++) w[t] = rotl32(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
        for (int t = 0; t < 80; t++) {
            uint32_t f, k;
            if (t < 20) { f = (b & c) | (~b & d); k = 0x5A827999u; }
            else if (t < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1u; }
            else if (t < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDCu; }
            else { f = b ^ c ^ d; k = 0xCA62C1D6u; }
            uint32_t temp = rotl32(a, 5) + f + e + k + w[t];
            e = d; d = c; c = rotl32(b, 30); b = a; a = temp;
        }
        state[0] += a; state[1] += b; state[2] += c; state[3] += d; state[4] += e;
    }
}

#ifdef MH_X86
// The SHA extensions' four-rounds-at-a-time form (after Intel's reference code): the message
// schedule runs three groups ahead of the rounds in the four registers m[0..3].
#define MH_SHA1_STEP(g, f)                                                                  \
    do {                                                                                    \
        e[(g) & 1] = _mm_sha1nexte_epu32(e[(g) & 1], m[(g) & 3]);                           \
        e[((g) + 1) & 1] = abcd;                                                            \
        if ((g) >= 3 && (g) <= 18) m[((g) + 1) & 3] = _mm_sha1msg2_epu32(m[((g) + 1) & 3], m[(g) & 3]); \
        abcd = _mm_sha1rnds4_epu32(abcd, e[(g) & 1], f);                                    \
        if ((g) >= 1 && (g) <= 16) m[((g) + 3) & 3] = _mm_sha1msg1_epu32(m[((g) + 3) & 3], m[(g) & 3]); \
        if ((g) >= 2 && (g) <= 17) m[((g) + 2) & 3] = _mm_xor_si128(m[((g) + 2) & 3], m[(g) & 3]); \
    } while (0)

__attribute__((target("sha,sse4.1,ssse3")))
static void sha1_blocks_shani(uint32_t state[5], const uint8_t *data, size_t blocks) {
    const __m128i byte_swap = _mm_set_epi64x(0x0001020304050607LL, 0x08090a0b0c0d0e0fLL);
    __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)state), 0x1B);
    __m128i e0 = _mm_set_epi32((int)state[4], 0, 0, 0);
    for (size_t block = 0; block < blocks; block++, data += 64) {
        const __m128i abcd_saved = abcd, e_saved = e0;
        __m128i m[4], e[2];
        for (int i = 0; i < 4; i++) m[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * i)), byte_swap);
        // Group 0 adds the first words to e; every later group goes through sha1nexte.
        e[0] = _mm_add_epi32(e0, m[0]);
        e[1] = abcd;
        abcd = _mm_sha1rnds4_epu32(abcd, e[0], 0);
        MH_SHA1_STEP(1, 0); MH_SHA1_STEP(2, 0); MH_SHA1_STEP(3, 0); MH_SHA1_STEP(4, 0);
        MH_SHA1_STEP(5, 1); MH_SHA1_STEP(6, 1); MH_SHA1_STEP(7, 1); MH_SHA1_STEP(8, 1); MH_SHA1_STEP(9, 1);
        MH_SHA1_STEP(10, 2); MH_SHA1_STEP(11, 2); MH_SHA1_STEP(12, 2); MH_SHA1_STEP(13, 2); MH_SHA1_STEP(14, 2);
        MH_SHA1_STEP(15, 3); MH_SHA1_STEP(16, 3); MH_SHA1_STEP(17, 3); MH_SHA1_STEP(18, 3); MH_SHA1_STEP(19, 3);
        e0 = _mm_sha1nexte_epu32(e[0], e_saved);
        abcd = _mm_add_epi32(abcd, abcd_saved);
    }
    _mm_storeu_si128((__m128i *)state, _mm_shuffle_epi32(abcd, 0x1B));
    state[4] = (uint32_t)_mm_extract_epi32(e0, 3);
}

static int cpu_has_sha(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const int sse41 = (ecx >> 19) & 1, ssse3 = (ecx >> 9) & 1;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return sse41 && ssse3 && ((ebx >> 29) & 1);
}

static int cpu_has_avx2(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    // The OS must save the YMM registers (OSXSAVE, then XCR0 bits 1 and 2).
    if (!((ecx >> 27) & 1) || !((ecx >> 28) & 1)) return 0;
    unsigned int xcr0_low, xcr0_high;
    __asm__("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 6) != 6) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return (ebx >> 5) & 1;
}
#endif

#ifdef MH_X86
// -1: not yet checked. Threads that race to check store the same answer.
static _Atomic int has_sha = -1, has_avx2 = -1;

static int cached_probe(_Atomic int *known, int (*probe)(void)) {
    int value = atomic_load_explicit(known, memory_order_relaxed);
    if (value < 0) {
        value = probe();
        atomic_store_explicit(known, value, memory_order_relaxed);
    }
    return value;
}
#endif

int mh_has_sha_instructions(void) {
#ifdef MH_X86
    return cached_probe(&has_sha, cpu_has_sha);
#else
    return 0;
#endif
}

int mh_has_avx2(void) {
#ifdef MH_X86
    return cached_probe(&has_avx2, cpu_has_avx2);
#else
    return 0;
#endif
}

typedef void (*sha1_blocks_fn)(uint32_t state[5], const uint8_t *data, size_t blocks);

static uint32_t sha1_hash32_with(sha1_blocks_fn blocks_fn, const uint8_t *data, size_t length) {
    uint32_t state[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
    const size_t full = length / 64;
    if (full > 0) blocks_fn(state, data, full);
    // The tail, the 0x80 marker and the length in bits: one block, or two when the tail
    // leaves no room for the length.
    uint8_t tail[128] = {0};
    const size_t remaining = length - full * 64;
    if (remaining > 0) memcpy(tail, data + full * 64, remaining);
    tail[remaining] = 0x80;
    const size_t tail_blocks = remaining < 56 ? 1 : 2;
    const uint64_t bits = (uint64_t)length * 8;
    for (int i = 0; i < 8; i++) tail[tail_blocks * 64 - 1 - i] = (uint8_t)(bits >> (8 * i));
    blocks_fn(state, tail, tail_blocks);
    // The digest's first four bytes are h0 big-endian; read little-endian.
    return __builtin_bswap32(state[0]);
}

uint32_t mh_sha1_hash32_portable(const uint8_t *data, size_t length) {
    return sha1_hash32_with(sha1_blocks_portable, data, length);
}

uint32_t mh_sha1_hash32(const uint8_t *data, size_t length) {
#ifdef MH_X86
    if (mh_has_sha_instructions()) return sha1_hash32_with(sha1_blocks_shani, data, length);
#endif
    return sha1_hash32_with(sha1_blocks_portable, data, length);
}

// MARK: affine32 permutations

static inline uint32_t fmix32(uint32_t h) {
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    h ^= h >> 16;
    return h;
}

static void affine32_scalar(const uint32_t *mixed, size_t count, const uint32_t *a, const uint32_t *b,
                            uint32_t *minimums, size_t from, size_t to) {
    for (size_t i = from; i < to; i++) {
        uint32_t minimum = minimums[i];
        for (size_t j = 0; j < count; j++) {
            const uint32_t value = a[i] * mixed[j] + b[i];
            if (value < minimum) minimum = value;
        }
        minimums[i] = minimum;
    }
}

void mh_affine32_update_portable(uint32_t *hashes, size_t count, const uint32_t *a, const uint32_t *b,
                                 uint32_t *minimums, size_t permutations) {
    for (size_t j = 0; j < count; j++) hashes[j] = fmix32(hashes[j]);
    affine32_scalar(hashes, count, a, b, minimums, 0, permutations);
}

#ifdef MH_X86
// Eight permutations per register; the shingles stream past each group of eight, so the
// group's a, b and running minimums stay in registers.
__attribute__((target("avx2")))
static void affine32_avx2(const uint32_t *mixed, size_t count, const uint32_t *a, const uint32_t *b,
                          uint32_t *minimums, size_t permutations) {
    const size_t vectors = permutations / 8;
    for (size_t v = 0; v < vectors; v++) {
        const __m256i va = _mm256_loadu_si256((const __m256i *)(a + 8 * v));
        const __m256i vb = _mm256_loadu_si256((const __m256i *)(b + 8 * v));
        __m256i minimum = _mm256_loadu_si256((const __m256i *)(minimums + 8 * v));
        for (size_t j = 0; j < count; j++) {
            const __m256i x = _mm256_set1_epi32((int)mixed[j]);
            minimum = _mm256_min_epu32(minimum, _mm256_add_epi32(_mm256_mullo_epi32(va, x), vb));
        }
        _mm256_storeu_si256((__m256i *)(minimums + 8 * v), minimum);
    }
    affine32_scalar(mixed, count, a, b, minimums, vectors * 8, permutations);
}
#endif

void mh_affine32_update(uint32_t *hashes, size_t count, const uint32_t *a, const uint32_t *b,
                        uint32_t *minimums, size_t permutations) {
#ifdef MH_X86
    if (mh_has_avx2()) {
        for (size_t j = 0; j < count; j++) hashes[j] = fmix32(hashes[j]);
        affine32_avx2(hashes, count, a, b, minimums, permutations);
        return;
    }
#endif
    mh_affine32_update_portable(hashes, count, a, b, minimums, permutations);
}
