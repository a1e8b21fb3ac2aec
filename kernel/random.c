// SPDX-License-Identifier: MIT
/*
 * random.c - the entropy pool: a ChaCha20-based generator (RFC 8439 block
 * function) keyed from RDRAND when the CPU has it, the cycle counter and
 * the RTC, and reseeded by random_mix (virtio-rng feeds it later).
 */
#include "kernel/kernel.h"
#include "kernel/random.h"
#include <arch/cpu.h>

static uint32_t key[8];
static uint64_t counter;

#define ROTL(a, b) (((a) << (b)) | ((a) >> (32 - (b))))
#define QR(a, b, c, d) (a += b, d ^= a, d = ROTL(d, 16), c += d, b ^= c, \
			b = ROTL(b, 12), a += b, d ^= a, d = ROTL(d, 8), \
			c += d, b ^= c, b = ROTL(b, 7))

static void chacha_block(uint32_t out[16])
{
	uint32_t in[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };

	memcpy(&in[4], key, sizeof(key));
	in[12] = (uint32_t)counter;
	in[13] = (uint32_t)(counter >> 32);
	in[14] = 0x4c657669; /* "Levi" */
	in[15] = 0;
	counter++;
	memcpy(out, in, sizeof(in));
	for (int i = 0; i < 10; i++) {
		QR(out[0], out[4], out[8], out[12]);
		QR(out[1], out[5], out[9], out[13]);
		QR(out[2], out[6], out[10], out[14]);
		QR(out[3], out[7], out[11], out[15]);
		QR(out[0], out[5], out[10], out[15]);
		QR(out[1], out[6], out[11], out[12]);
		QR(out[2], out[7], out[8], out[13]);
		QR(out[3], out[4], out[9], out[14]);
	}
	for (int i = 0; i < 16; i++)
		out[i] += in[i];
}

void random_mix(const void *buf, size_t n)
{
	const uint8_t *b = buf;

	for (size_t i = 0; i < n; i++)
		((uint8_t *)key)[i % sizeof(key)] ^= b[i];
	uint32_t blk[16];
	chacha_block(blk);
	memcpy(key, blk, sizeof(key)); /* fold the input in, forward-secure */
}

void random_init(void)
{
	uint64_t seed[6] = { arch_clock_ns(), arch_rtc_read_ns(), 0, 0, 0, 0 };

	for (int i = 2; i < 6; i++)
		if (!arch_hw_random(&seed[i]))
			seed[i] = arch_clock_ns() * 0x9e3779b97f4a7c15ULL;
	random_mix(seed, sizeof(seed));
}

void random_bytes(void *buf, size_t n)
{
	uint8_t *out = buf;
	uint32_t blk[16];

	while (n) {
		chacha_block(blk);
		size_t c = MIN(n, 32);
		memcpy(out, (uint8_t *)blk + 32, c); /* second half only */
		out += c;
		n -= c;
		memcpy(key, blk, sizeof(key)); /* rekey from the first half */
	}
}
