#ifndef MINHASH_KERNELS_H
#define MINHASH_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// datasketch's `sha1_hash32`: the first four bytes of SHA-1(data) as a little-endian uint32.
/// Uses the CPU's SHA instructions when it has them, else portable C.
uint32_t mh_sha1_hash32(const uint8_t *data, size_t length);

/// The portable path of `mh_sha1_hash32`, for tests on machines with SHA instructions.
uint32_t mh_sha1_hash32_portable(const uint8_t *data, size_t length);

/// Whether `mh_sha1_hash32` uses the SHA instructions on this CPU.
int mh_has_sha_instructions(void);

/// Whether `mh_affine32_update` uses AVX2 on this CPU.
int mh_has_avx2(void);

/// datasketch's "affine32" MinHash update: for every shingle hash h, x = fmix32(h) and, for
/// each permutation i, minimums[i] = min(minimums[i], a[i] * x + b[i] mod 2^32).
/// `hashes` is overwritten with the fmix32 values.
void mh_affine32_update(uint32_t *hashes, size_t count, const uint32_t *a, const uint32_t *b,
                        uint32_t *minimums, size_t permutations);

/// The portable path of `mh_affine32_update`, for tests.
void mh_affine32_update_portable(uint32_t *hashes, size_t count, const uint32_t *a, const uint32_t *b,
                                 uint32_t *minimums, size_t permutations);

#endif
