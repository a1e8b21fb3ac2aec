// SPDX-License-Identifier: MIT
// sources: pv/pvclock.c
/*
 * test_pvclock.c - the pvclock arithmetic (pv/pvclock.c): scaling with
 * known mul/shift vectors (negative, zero and positive shifts), against
 * exact arithmetic for TSC frequencies from 1 MHz to 10 GHz with the mul and
 * shift KVM derives for them (kvm_get_time_scale, arch/x86/kvm/x86.c), the
 * version protocol with the host's updates simulated mid-read, the
 * last-value clamp, and the ns-to-TSC inverse that must never undershoot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pv/pv.h"
#include "tests/unit/unit.h"

int failures, checks;

/* KVM's derivation of (shift, mul) so that ns = scale(ticks of base_hz). */
static void kvm_get_time_scale(uint64_t scaled_hz, uint64_t base_hz,
			       int8_t *pshift, uint32_t *pmul)
{
	uint64_t scaled64 = scaled_hz, tps64 = base_hz;
	int32_t shift = 0;
	uint32_t tps32;

	while (tps64 > scaled64 * 2 || tps64 & 0xffffffff00000000ULL) {
		tps64 >>= 1;
		shift--;
	}
	tps32 = (uint32_t)tps64;
	while (tps32 <= scaled64 || scaled64 & 0xffffffff00000000ULL) {
		if (scaled64 & 0xffffffff00000000ULL || tps32 & 0x80000000)
			scaled64 >>= 1;
		else
			tps32 <<= 1;
		shift++;
	}
	*pshift = (int8_t)shift;
	*pmul = (uint32_t)((scaled64 << 32) / tps32);
}

static struct pvclock_vcpu_time_info rec(uint64_t hz, uint64_t ts, uint64_t sys)
{
	struct pvclock_vcpu_time_info r;

	memset(&r, 0, sizeof(r));
	r.version = 2;
	r.tsc_timestamp = ts;
	r.system_time = sys;
	kvm_get_time_scale(1000000000ULL, hz, &r.tsc_shift, &r.tsc_to_system_mul);
	return r;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void test_known_vectors(void)
{
	struct pvclock_vcpu_time_info r;

	/* mul 2^31, shift 1: exactly one ns per tick. */
	EXPECT(pvclock_scale_delta(123456789, 0x80000000u, 1) == 123456789);
	EXPECT(pvclock_scale_delta(0, 0x80000000u, 1) == 0);
	/* 3 GHz: KVM gives shift -1, mul 0xaaaaaaaa (2/3 * 2^32, truncated). */
	r = rec(3000000000ULL, 0, 0);
	EXPECT(r.tsc_shift == -1 && r.tsc_to_system_mul == 0xaaaaaaaau);
	EXPECT(pvclock_scale_delta(3000000000ULL, 0xaaaaaaaau, -1) == 999999999);
	EXPECT(pvclock_tsc_khz(0xaaaaaaaau, -1) == 3000000);
	/* 5 GHz: shift -2, mul 0xcccccccc. */
	r = rec(5000000000ULL, 0, 0);
	EXPECT(r.tsc_shift == -2 && r.tsc_to_system_mul == 3435973836u);
	EXPECT(pvclock_scale_delta(5000000000ULL, 3435973836u, -2) == 999999999);
	EXPECT(pvclock_scale_delta(123456789012ULL, 3435973836u, -2) == 24691357796ULL);
	EXPECT(pvclock_tsc_khz(3435973836u, -2) == 5000000);
	/* 100 MHz: a positive shift, 4, mul 0.625 * 2^32 (exact). */
	r = rec(100000000ULL, 0, 0);
	EXPECT(r.tsc_shift == 4 && r.tsc_to_system_mul == 2684354560u);
	EXPECT(pvclock_scale_delta(100000000ULL, 2684354560u, 4) == 1000000000ULL);
	/* Shifts C cannot do give 0, not undefined behaviour. */
	EXPECT(pvclock_scale_delta(1000, 0x80000000u, 64) == 0);
	EXPECT(pvclock_scale_delta(1000, 0x80000000u, -100) == 0);
	EXPECT(pvclock_tsc_khz(0, 0) == 0);

	/* ns_at: system_time + scaled delta; a TSC before the stamp is clamped. */
	r = rec(3000000000ULL, 1000000, 5000000000ULL);
	EXPECT(pvclock_ns_at(&r, 1000000) == 5000000000ULL);
	EXPECT(pvclock_ns_at(&r, 1000000 + 3000000000ULL) == 5999999999ULL);
	EXPECT(pvclock_ns_at(&r, 999999) == 5000000000ULL);
}

/* Against exact ns = delta * 10^9 / hz, over frequencies and deltas. */
static void test_accuracy(void)
{
	static const uint64_t hzs[] = {
		1000000, 14318180, 100000000, 999999999, 1000000000,
		1000000001, 2100000000, 2999999999ULL, 3000000000ULL,
		4294967295ULL, 4294967296ULL, 5000000000ULL, 10000000000ULL,
	};

	for (size_t i = 0; i < sizeof(hzs) / sizeof(hzs[0]); i++) {
		struct pvclock_vcpu_time_info r = rec(hzs[i], 0, 0);
		uint64_t khz = pvclock_tsc_khz(r.tsc_to_system_mul, r.tsc_shift);

		uint64_t slack = 2 + (r.tsc_shift < 0 ? 1ULL << -r.tsc_shift : 0);

		/* KVM's own truncations (of the frequency when it shifts it
		 * right, and of mul) cost up to ~2^-30 relative either way. */
		EXPECT(khz + slack >= hzs[i] / 1000 && khz <= hzs[i] / 1000 + slack);
		if (!(khz + slack >= hzs[i] / 1000 && khz <= hzs[i] / 1000 + slack))
			printf("  hz %lu: khz %lu\n", (unsigned long)hzs[i], (unsigned long)khz);
		for (int k = 0; k < 2000; k++) {
			/* up to an hour of ticks */
			uint64_t delta = rnd() % (hzs[i] * 3600);
			uint64_t exact = (uint64_t)((unsigned __int128)delta *
						    1000000000ULL / hzs[i]);
			uint64_t got = pvclock_ns_at(&r, delta);
			uint64_t tol = (exact >> 29) + 2 +
				       (r.tsc_shift < 0 ? 1000000000ULL / hzs[i] << -r.tsc_shift : 0);

			EXPECT(got <= exact + tol && got + tol >= exact);
			if (got > exact + tol || got + tol < exact) {
				printf("  hz %lu delta %lu: got %lu exact %lu\n",
				       (unsigned long)hzs[i], (unsigned long)delta,
				       (unsigned long)got, (unsigned long)exact);
				break;
			}
		}
	}
}

/* ---- the version protocol, with a host that updates mid-read ------------ */

static struct pvclock_vcpu_time_info host_rec;
static int tsc_reads;
static int script;      /* which update the "host" makes on which read */
static const uint64_t TSC = 10000000;

static uint64_t fake_tsc(void)
{
	tsc_reads++;
	switch (script) {
	case 1: /* read 1 saw odd version: the host finishes its update */
		if (tsc_reads == 1) {
			host_rec.system_time = 7000000000ULL;
			host_rec.version++;
		}
		break;
	case 2: /* a whole update between the two version reads */
		if (tsc_reads == 1) {
			host_rec.version++;
			host_rec.tsc_timestamp = 5000000;
			host_rec.system_time = 9000000000ULL;
			host_rec.version++;
		}
		break;
	case 3: /* read 1: update begins (torn); read 2: it ends */
		if (tsc_reads == 1) {
			host_rec.version++;
			host_rec.system_time = 11000000000ULL;
		} else if (tsc_reads == 2) {
			host_rec.tsc_timestamp = 6000000;
			host_rec.version++;
		}
		break;
	case 4: /* odd at both reads of pass 1; the host ends it in pass 2 */
		if (tsc_reads == 2) {
			host_rec.system_time = 13000000000ULL;
			host_rec.version++;
		}
		break;
	}
	return TSC;
}

static uint64_t read_with(int which, struct pvclock_vcpu_time_info *snap)
{
	uint64_t tsc = 0, ns;

	script = which;
	tsc_reads = 0;
	ns = pvclock_read(&host_rec, fake_tsc, snap, &tsc);
	EXPECT(tsc == TSC);
	return ns;
}

static void test_version_protocol(void)
{
	struct pvclock_vcpu_time_info snap;
	uint64_t ns;

	/* 1 GHz-ish record: shift 1, mul 2^31 is one ns per tick. */
	memset(&host_rec, 0, sizeof(host_rec));
	host_rec.version = 2;
	host_rec.tsc_to_system_mul = 0x80000000u;
	host_rec.tsc_shift = 1;
	host_rec.flags = PVCLOCK_TSC_STABLE_BIT;
	host_rec.system_time = 1000;

	ns = read_with(0, &snap);
	EXPECT(tsc_reads == 1);
	EXPECT(ns == 1000 + TSC);
	EXPECT(snap.version == 2 && snap.flags == PVCLOCK_TSC_STABLE_BIT);
	EXPECT(snap.tsc_to_system_mul == 0x80000000u && snap.tsc_shift == 1);

	host_rec.version = 3; /* caught mid-update */
	ns = read_with(1, &snap);
	EXPECT(tsc_reads == 2);
	EXPECT(snap.version == 4);
	EXPECT(ns == 7000000000ULL + TSC);

	ns = read_with(2, &snap);
	EXPECT(tsc_reads == 2);
	EXPECT(snap.version == 6);
	EXPECT(snap.tsc_timestamp == 5000000);
	EXPECT(ns == 9000000000ULL + TSC - 5000000);

	ns = read_with(3, &snap);
	EXPECT(tsc_reads == 3);
	EXPECT(snap.version == 8);
	EXPECT(ns == 11000000000ULL + TSC - 6000000);

	host_rec.version = 9;
	host_rec.system_time = 1; /* half-written */
	ns = read_with(4, &snap);
	EXPECT(tsc_reads == 3);
	EXPECT(snap.version == 10);
	EXPECT(ns == 13000000000ULL + TSC - 6000000);
}

static void test_steal(void)
{
	struct kvm_steal_time st;

	memset(&st, 0, sizeof(st));
	EXPECT(pv_steal_read(&st) == 0);          /* registered, nothing stolen yet */
	st.version = 6;
	st.steal = 123456789012ULL;
	EXPECT(pv_steal_read(&st) == 123456789012ULL);
	EXPECT(__builtin_offsetof(struct kvm_steal_time, version) == 8);
	EXPECT(__builtin_offsetof(struct kvm_steal_time, preempted) == 16);
}

static void test_clamp(void)
{
	uint64_t last = 100;

	EXPECT(pvclock_clamp(&last, 50) == 100 && last == 100);
	EXPECT(pvclock_clamp(&last, 100) == 100 && last == 100);
	EXPECT(pvclock_clamp(&last, 150) == 150 && last == 150);
	EXPECT(pvclock_clamp(&last, 149) == 150);
}

/* ---- ns to TSC ---------------------------------------------------------- */

static void test_inverse(void)
{
	static const uint64_t hzs[] = {
		1000000, 33333333, 100000000, 1000000000, 2100000000,
		3000000000ULL, 3600000123ULL, 5000000000ULL, 10000000000ULL,
	};
	struct pvclock_inverse inv = { 0 };

	for (size_t i = 0; i < sizeof(hzs) / sizeof(hzs[0]); i++) {
		struct pvclock_vcpu_time_info r = rec(hzs[i], rnd() >> 8, rnd() >> 4);
		uint64_t tick_ns = 1000000000ULL / hzs[i] + 1;
		int k = r.tsc_shift < 0 ? -r.tsc_shift : 0;

		EXPECT(pvclock_ns_to_tsc(&inv, &r, 0) == 0);
		for (int n = 0; n < 5000; n++) {
			uint64_t t = r.tsc_timestamp + rnd() % (hzs[i] * 100);
			uint64_t ns = n < 64 ? (uint64_t)n : rnd() % 10000000000ULL;
			uint64_t ticks = pvclock_ns_to_tsc(&inv, &r, ns);
			uint64_t want = pvclock_ns_at(&r, t) + ns;
			uint64_t got = pvclock_ns_at(&r, t + ticks);

			/* never early, and late by at most a few ticks */
			EXPECT(got >= want);
			EXPECT(got <= want + (ns >> 28) + tick_ns * ((1ULL << k) + 2) + 2);
			if (got < want || got > want + (ns >> 28) + tick_ns * ((1ULL << k) + 2) + 2) {
				printf("  hz %lu ns %lu ticks %lu: got %lu want %lu\n",
				       (unsigned long)hzs[i], (unsigned long)ns,
				       (unsigned long)ticks, (unsigned long)got,
				       (unsigned long)want);
				break;
			}
		}
		EXPECT(inv.mul == r.tsc_to_system_mul && inv.shift == r.tsc_shift);
	}

	/* The factor follows a change of mul (the host re-scaled). */
	struct pvclock_vcpu_time_info r = rec(1000000000ULL, 0, 0);
	EXPECT(pvclock_ns_to_tsc(&inv, &r, 1000000) >= 1000000);
	EXPECT(pvclock_ns_to_tsc(&inv, &r, 1000000) <= 1000001);
	r = rec(3000000000ULL, 0, 0);
	EXPECT(pvclock_ns_to_tsc(&inv, &r, 1000000) >= 3000000);
	EXPECT(pvclock_ns_to_tsc(&inv, &r, 1000000) <= 3000002);
	/* Records that make no sense give 0, not a division fault. */
	r.tsc_to_system_mul = 0;
	EXPECT(pvclock_ns_to_tsc(&inv, &r, 1000) == 0);
	r.tsc_to_system_mul = 1;
	EXPECT(pvclock_ns_to_tsc(&inv, &r, 1000) == 0);
	r.tsc_to_system_mul = 0x80000000u;
	r.tsc_shift = 40;
	EXPECT(pvclock_ns_to_tsc(&inv, &r, 1000) == 0);
	/* The largest factor that fits: mul 2, shift -1 (2^64 ticks per ns). */
	r.tsc_to_system_mul = 2;
	r.tsc_shift = 0;
	EXPECT(pvclock_ns_to_tsc(&inv, &r, 1) == 1ULL << 31);
	EXPECT(pvclock_ns_to_tsc(&inv, &r, 1ULL << 40) == UINT64_MAX);
	r.tsc_shift = -1;
	EXPECT(pvclock_ns_to_tsc(&inv, &r, 1) == 0);
}

int main(void)
{
	test_known_vectors();
	test_accuracy();
	test_version_protocol();
	test_clamp();
	test_inverse();
	test_steal();
	printf("test_pvclock: %d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
