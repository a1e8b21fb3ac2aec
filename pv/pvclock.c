// SPDX-License-Identifier: MIT
/*
 * pvclock.c - the pvclock arithmetic (pv/pv.h): scaling a TSC delta to ns
 * with the record's mul and shift, the version protocol for a consistent
 * snapshot, the last-value clamp for records that are not TSC-stable, and
 * the inverse scale that turns ns into TSC ticks for a deadline timer, and
 * the steal-time record read under the same protocol.
 * Follows Linux arch/x86/include/asm/pvclock.h and arch/x86/kernel/pvclock.c.
 * 64-bit division only, 128-bit products only: the kernel has no libgcc.
 */
#include "pv/pv.h"

uint64_t pvclock_scale_delta(uint64_t delta, uint32_t mul, int shift)
{
	/* A shift of 64 or more would be undefined C; no hypervisor sends one. */
	if (shift <= -64 || shift >= 64)
		return 0;
	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

uint64_t pvclock_ns_at(const struct pvclock_vcpu_time_info *snap, uint64_t tsc)
{
	/*
	 * A TSC value from before the record's timestamp cannot come from the
	 * protocol below (the host stamps the record before the vCPU runs); a
	 * caller with a stale value gets the record's own time, not a wrap.
	 */
	uint64_t delta = tsc > snap->tsc_timestamp ? tsc - snap->tsc_timestamp : 0;

	return snap->system_time +
	       pvclock_scale_delta(delta, snap->tsc_to_system_mul, snap->tsc_shift);
}

uint64_t pvclock_read(const volatile struct pvclock_vcpu_time_info *src,
		      uint64_t (*read_tsc)(void),
		      struct pvclock_vcpu_time_info *snap, uint64_t *tsc)
{
	uint32_t version;

	/*
	 * The host makes version odd, writes the fields, then makes it even
	 * again; a copy taken between two equal even reads is whole.  The
	 * acquire fences keep the field reads between the version reads (a
	 * compiler barrier on x86, dmb ishld on arm64).
	 */
	do {
		version = src->version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		snap->tsc_timestamp = src->tsc_timestamp;
		snap->system_time = src->system_time;
		snap->tsc_to_system_mul = src->tsc_to_system_mul;
		snap->tsc_shift = src->tsc_shift;
		snap->flags = src->flags;
		*tsc = read_tsc();
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((version & 1) || version != src->version);
	snap->version = version;
	return pvclock_ns_at(snap, *tsc);
}

uint64_t pvclock_clamp(uint64_t *last, uint64_t ns)
{
	uint64_t prev = __atomic_load_n(last, __ATOMIC_RELAXED);

	do {
		if (ns <= prev)
			return prev;
	} while (!__atomic_compare_exchange_n(last, &prev, ns, false,
					      __ATOMIC_RELAXED, __ATOMIC_RELAXED));
	return ns;
}

uint64_t pv_steal_read(const volatile struct kvm_steal_time *src)
{
	uint32_t version;
	uint64_t steal;

	/* The pvclock protocol again: odd while the host writes. */
	do {
		version = src->version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		steal = src->steal;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((version & 1) || version != src->version);
	return steal;
}

uint64_t pvclock_tsc_khz(uint32_t mul, int shift)
{
	uint64_t khz;

	if (!mul || shift <= -32 || shift >= 32)
		return 0;
	khz = (1000000ULL << 32) / mul;
	return shift < 0 ? khz << -shift : khz >> shift;
}

/*
 * ceil(2^64 / mul / 2^shift): TSC ticks per ns in 32.32 fixed point.
 * 2^64 / mul is long division in two 32-bit steps (mul < 2^32 keeps each
 * step in 64 bits); rounding up at both steps keeps the factor at or above
 * the exact one.
 */
static uint64_t inverse_factor(uint32_t mul, int shift)
{
	uint64_t hi, lo, rem, q;

	if (mul < 2 || shift <= -32 || shift >= 32)
		return 0;
	hi = (1ULL << 32) / mul;        /* <= 2^31 */
	rem = (1ULL << 32) % mul;
	lo = (rem << 32) / mul;         /* < 2^32 */
	q = (hi << 32) + lo + ((rem << 32) % mul != 0);
	if (shift > 0)
		return (q >> shift) + ((q & ((1ULL << shift) - 1)) != 0);
	if (q > (UINT64_MAX >> -shift))
		return 0;
	return q << -shift;
}

uint64_t pvclock_ns_to_tsc(struct pvclock_inverse *inv,
			   const struct pvclock_vcpu_time_info *snap, uint64_t ns)
{
	unsigned __int128 ticks;

	if (!inv->factor || inv->mul != snap->tsc_to_system_mul ||
	    inv->shift != snap->tsc_shift) {
		inv->mul = snap->tsc_to_system_mul;
		inv->shift = snap->tsc_shift;
		inv->factor = inverse_factor(inv->mul, inv->shift);
	}
	if (!inv->factor || !ns)
		return 0;
	ticks = ((unsigned __int128)ns * inv->factor + 0xffffffffu) >> 32;
	/*
	 * A negative shift drops the low -shift bits of the TSC delta before
	 * scaling, so up to 2^-shift - 1 more ticks may be needed before the
	 * scaled value moves on (pv/pv.h states the guarantee).
	 */
	if (inv->shift < 0)
		ticks += (1ULL << -inv->shift) - 1;
	return ticks > UINT64_MAX ? UINT64_MAX : (uint64_t)ticks;
}
