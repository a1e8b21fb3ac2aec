/* SPDX-License-Identifier: MIT */
/*
 * pv.h - paravirtual clock arithmetic, generic over the hypervisor's
 * pvclock record (pv/pvclock_spec.h).  Pure: no hardware access, so the
 * host unit tests run it as it is (tests/unit/test_pvclock.c).  The arch
 * code finds the hypervisor, registers the record and supplies the TSC
 * reader (arch/x86_64/kvm.c).
 */
#ifndef PV_PV_H
#define PV_PV_H

#include <stdbool.h>
#include <stdint.h>

#include "pv/pvclock_spec.h"

/* (delta << shift) * mul >> 32, shift < 0 meaning a right shift. */
uint64_t pvclock_scale_delta(uint64_t delta, uint32_t mul, int shift);

/* Hypervisor time at TSC value tsc, from a consistent snapshot. */
uint64_t pvclock_ns_at(const struct pvclock_vcpu_time_info *snap, uint64_t tsc);

/*
 * Read src under the version protocol: copy it to *snap and read the TSC
 * with read_tsc between the two version reads, retrying while the version
 * is odd or changed.  Returns the time at that TSC value (also in *tsc).
 * read_tsc must not be speculated ahead of the first version read (on x86,
 * lfence; rdtsc).
 */
uint64_t pvclock_read(const volatile struct pvclock_vcpu_time_info *src,
		      uint64_t (*read_tsc)(void),
		      struct pvclock_vcpu_time_info *snap, uint64_t *tsc);

/*
 * Never go back: returns max(ns, *last) and raises *last to it, atomically
 * (the last-value clamp for records without PVCLOCK_TSC_STABLE_BIT).
 */
uint64_t pvclock_clamp(uint64_t *last, uint64_t ns);

/* Steal time in ns from a KVM steal-time record, under the version protocol. */
uint64_t pv_steal_read(const volatile struct kvm_steal_time *src);

/* TSC frequency in kHz that mul and shift describe (Linux pvclock_tsc_khz). */
uint64_t pvclock_tsc_khz(uint32_t mul, int shift);

/*
 * The inverse: TSC ticks to wait for ns ns to pass on the pvclock, for
 * turning a ns deadline into a TSC deadline.  The 32.32 ticks-per-ns factor
 * is computed once per (mul, shift) and kept in *inv.  Rounds up: for the
 * record snap and any TSC value t,
 *     pvclock_ns_at(snap, t + ticks) >= pvclock_ns_at(snap, t) + ns,
 * so a deadline timer never fires before its time.  Saturates; 0 only for
 * ns == 0 or a record whose mul and shift make no sense (mul < 2,
 * |shift| >= 32).
 */
struct pvclock_inverse {
	uint32_t mul;        /* the (mul, shift) the factor is for */
	int shift;
	uint64_t factor;     /* ceil(2^64 / mul / 2^shift): ticks per ns, 32.32 */
};
uint64_t pvclock_ns_to_tsc(struct pvclock_inverse *inv,
			   const struct pvclock_vcpu_time_info *snap, uint64_t ns);

#endif
