// SPDX-License-Identifier: MIT
/*
 * kvm.c - KVM's paravirtual interfaces on x86_64: finding the hypervisor
 * (CPUID.1:ECX[31], then the signature leaves from 0x40000000; Linux
 * Documentation/virt/kvm/x86/cpuid.rst) and kvmclock (msr.rst,
 * MSR_KVM_SYSTEM_TIME_NEW): a pvclock record the host keeps current, read
 * with the generic arithmetic in pv/; steal time (MSR_KVM_STEAL_TIME) for
 * /proc/stat; and PV EOI (MSR_KVM_PV_EOI_EN): the host sets a bit in guest
 * memory when it injects an interrupt whose EOI it does not need to see,
 * and the guest then skips the APIC EOI write and its VM exit.
 *
 * Offers (x86_internal.h): kvm_detect, kvm_has_feature, kvmclock_init,
 * kvmclock_ns, kvmclock_tsc_deadline, kvm_pv_init, kvm_pv_eoi; and
 * arch_steal_ns (arch/cpu.h).
 */
#include "kernel/kernel.h"
#include "kernel/time.h"
#include <arch/cpu.h>
#include <arch/mmu.h>
#include "arch/x86_64/x86_internal.h"
#include "pv/pv.h"

#define CPUID1_ECX_HYPERVISOR (1u << 31)

static uint32_t kvm_base;       /* [I] CPUID base of KVM's leaves; 0: not KVM */
static uint32_t kvm_features;   /* [I] eax of leaf kvm_base + 1 */

/*
 * The record KVM writes.  One: LevitateOS runs one CPU; with SMP each CPU
 * registers its own (per-CPU area), since without the stable bit each vCPU's
 * parameters differ.  32-byte aligned, so it never crosses a page.
 */
static volatile struct pvclock_vcpu_time_info kvmclock_rec __aligned(32);
static bool kvmclock_stable;    /* [I] the host sets PVCLOCK_TSC_STABLE_BIT meaningfully */
static uint64_t kvmclock_base;  /* [I] reading at kvmclock_init: monotonic 0 */
static uint64_t kvmclock_last;  /* [atomic] last value returned (the clamp) */
static struct pvclock_inverse kvmclock_inv; /* [irq off] ns->TSC factor cache */

/* One vCPU, so one of each (with SMP, per-CPU like kvmclock_rec). */
static volatile struct kvm_steal_time steal_rec __aligned(64);
static volatile uint32_t pv_eoi_word __aligned(4); /* [irq off] KVM_PV_EOI_BIT */
static bool steal_on, pv_eoi_on;   /* [I] registered with the host */

/* The TSC, not read before earlier loads complete (Linux rdtsc_ordered). */
static uint64_t rdtsc_ordered(void)
{
	__asm__ volatile("lfence" ::: "memory");
	return rdtsc();
}

static void cpuid_signature(uint32_t leaf, char sig[13])
{
	uint32_t r[4];

	cpuid(leaf, 0, r);
	memcpy(sig, &r[1], 4);
	memcpy(sig + 4, &r[2], 4);
	memcpy(sig + 8, &r[3], 4);
	sig[12] = 0;
}

/*
 * KVM sits at 0x40000000, or higher by steps of 0x100 when it also offers
 * another hypervisor's interface (Hyper-V's) at the base; Linux scans the
 * same range (hypervisor_cpuid_base).
 */
void kvm_detect(void)
{
	char sig[13], first[13];
	uint32_t r[4];

	cpuid(1, 0, r);
	if (!(r[2] & CPUID1_ECX_HYPERVISOR))
		return;
	cpuid_signature(KVM_CPUID_SIGNATURE, first);
	for (uint32_t base = KVM_CPUID_SIGNATURE; base < 0x40010000; base += 0x100) {
		cpuid_signature(base, sig);
		if (!memcmp(sig, "KVMKVMKVM\0\0\0", 12)) {
			kvm_base = base;
			break;
		}
	}
	if (!kvm_base) {
		for (int i = 0; i < 12; i++)
			if (first[i] && (first[i] < 0x20 || first[i] > 0x7e))
				first[i] = '?';
		printk("Hypervisor detected: %s (no paravirtual interfaces used)\n", first);
		return;
	}
	cpuid(kvm_base + 1, 0, r);
	kvm_features = r[0];
	printk("Hypervisor detected: KVM (features %x%s%s%s%s)\n", kvm_features,
	       kvm_has_feature(KVM_FEATURE_CLOCKSOURCE2) ? " clocksource2" : "",
	       kvm_has_feature(KVM_FEATURE_CLOCKSOURCE_STABLE_BIT) ? " stable-bit" : "",
	       kvm_has_feature(KVM_FEATURE_PV_EOI) ? " pv-eoi" : "",
	       kvm_has_feature(KVM_FEATURE_STEAL_TIME) ? " steal-time" : "");
}

bool kvm_has_feature(unsigned bit)
{
	return kvm_base && bit < 32 && (kvm_features & (1u << bit));
}

static uint64_t kvmclock_raw(struct pvclock_vcpu_time_info *snap, uint64_t *tsc)
{
	return pvclock_read(&kvmclock_rec, rdtsc_ordered, snap, tsc);
}

/*
 * Register the record and check the host filled it (KVM does so before the
 * vCPU runs again after the WRMSR).  False, and nothing left registered,
 * when this is not KVM or the host gives no usable record.
 */
bool kvmclock_init(void)
{
	struct pvclock_vcpu_time_info snap;
	uint32_t msr_sys, msr_wall;
	uint64_t tsc;

	if (kvm_has_feature(KVM_FEATURE_CLOCKSOURCE2)) {
		msr_sys = MSR_KVM_SYSTEM_TIME_NEW;
		msr_wall = MSR_KVM_WALL_CLOCK_NEW;
	} else if (kvm_has_feature(KVM_FEATURE_CLOCKSOURCE)) {
		msr_sys = MSR_KVM_SYSTEM_TIME;
		msr_wall = MSR_KVM_WALL_CLOCK;
	} else {
		return false;
	}
	wrmsr(msr_sys, virt_to_phys((const void *)&kvmclock_rec) | KVM_SYSTEM_TIME_ENABLE);
	kvmclock_base = kvmclock_raw(&snap, &tsc);
	if (!snap.version || !pvclock_tsc_khz(snap.tsc_to_system_mul, snap.tsc_shift) ||
	    !pvclock_ns_to_tsc(&kvmclock_inv, &snap, NSEC_PER_SEC)) {
		wrmsr(msr_sys, 0);
		printk("kvm-clock: the host left the time record empty (mul %u, shift %d); "
		       "not used\n", snap.tsc_to_system_mul, snap.tsc_shift);
		return false;
	}
	kvmclock_last = kvmclock_base;
	kvmclock_stable = kvm_has_feature(KVM_FEATURE_CLOCKSOURCE_STABLE_BIT);
	printk("kvm-clock: Using msrs %x and %x\n", msr_sys, msr_wall);
	printk("kvm-clock: TSC at %lu kHz, %s\n",
	       pvclock_tsc_khz(snap.tsc_to_system_mul, snap.tsc_shift),
	       kvmclock_stable && (snap.flags & PVCLOCK_TSC_STABLE_BIT) ?
	       "stable" : "not marked stable (reads clamped to be monotonic)");
	return true;
}

/* Monotonic ns since kvmclock_init. */
uint64_t kvmclock_ns(void)
{
	struct pvclock_vcpu_time_info snap;
	uint64_t tsc, ns = kvmclock_raw(&snap, &tsc);

	/* Linux's rule: skip the clamp only when CPUID and the record agree. */
	if (!kvmclock_stable || !(snap.flags & PVCLOCK_TSC_STABLE_BIT))
		ns = pvclock_clamp(&kvmclock_last, ns);
	return ns > kvmclock_base ? ns - kvmclock_base : 0;
}

/*
 * The TSC value at which kvmclock_ns() reads at least deadline_ns.  From
 * the raw reading: the clamped clock is never behind it, so the deadline
 * holds for both.  The distance is capped at 10 s; the timer code
 * reprograms long before that.  Never 0 (0 disarms IA32_TSC_DEADLINE).
 */
uint64_t kvmclock_tsc_deadline(uint64_t deadline_ns)
{
	struct pvclock_vcpu_time_info snap;
	uint64_t tsc, now = kvmclock_raw(&snap, &tsc);
	uint64_t target = deadline_ns + kvmclock_base;
	uint64_t delta = target > now ? target - now : 0;

	delta = MIN(delta, 10 * NSEC_PER_SEC);
	tsc += pvclock_ns_to_tsc(&kvmclock_inv, &snap, delta);
	return tsc ? tsc : 1;
}

/* Register steal time and PV EOI where KVM offers them; after apic_init. */
void kvm_pv_init(void)
{
	uint64_t pa;

	if (kvm_has_feature(KVM_FEATURE_STEAL_TIME)) {
		pa = virt_to_phys((const void *)&steal_rec);
		wrmsr(MSR_KVM_STEAL_TIME, pa | KVM_MSR_ENABLED);
		steal_on = true;
		printk("kvm-stealtime: cpu 0, msr %lx\n", pa);
	}
	if (kvm_has_feature(KVM_FEATURE_PV_EOI)) {
		pa = virt_to_phys((const void *)&pv_eoi_word);
		pv_eoi_word = 0;
		wrmsr(MSR_KVM_PV_EOI_EN, pa | KVM_MSR_ENABLED);
		pv_eoi_on = true;
		printk("kvm: PV EOI enabled (word at %lx)\n", pa);
	}
}

/*
 * True when the host said this interrupt needs no EOI write; the bit is
 * consumed.  Called with interrupts off from the EOI path; the host only
 * writes the word while this vCPU is not running (Linux
 * kvm_guest_apic_eoi_write).
 */
bool kvm_pv_eoi(void)
{
	uint32_t w;

	if (!pv_eoi_on)
		return false;
	w = pv_eoi_word;
	if (!(w & (1u << KVM_PV_EOI_BIT)))
		return false;
	pv_eoi_word = w & ~(1u << KVM_PV_EOI_BIT);
	return true;
}

uint64_t arch_steal_ns(void)
{
	return steal_on ? pv_steal_read(&steal_rec) : 0;
}
