// SPDX-License-Identifier: MIT
/*
 * clock.c - time on aarch64: the generic timer (Arm ARM D11) - the virtual
 * counter CNTVCT_EL0 as the clocksource and the EL1 virtual timer (CNTV,
 * PPI 11 = INTID 27 on virt, from the DT's "arm,armv8-timer" node) for
 * one-shot deadlines.  The PL031 RTC for the wall clock is rtc.c.
 */
#include "kernel/kernel.h"
#include "kernel/time.h"
#include <arch/cpu.h>
#include <arch/mmu.h>
#include "arch/aarch64/aarch64_internal.h"

#define CNTV_CTL_ENABLE 1u
#define CNTV_CTL_IMASK 2u
#define TIMER_VIRT_INTID 27

static uint64_t cnt_hz;    /* counter frequency */
static uint64_t cnt_base;  /* counter at clock_init: monotonic 0 */

void timer_interrupt(void); /* kernel/timer.c */

static inline uint64_t counter(void)
{
	isb(); /* no earlier read of the counter than program order says */
	return read_sysreg(cntvct_el0);
}

/* Split so neither product leaves 64 bits (hz < 2^32, ns part < 10^9). */
static uint64_t ticks_to_ns(uint64_t t)
{
	return t / cnt_hz * NSEC_PER_SEC + t % cnt_hz * NSEC_PER_SEC / cnt_hz;
}

static uint64_t ns_to_ticks(uint64_t ns)
{
	return ns / NSEC_PER_SEC * cnt_hz + ns % NSEC_PER_SEC * cnt_hz / NSEC_PER_SEC;
}

static void timer_irq(void)
{
	/* timer_interrupt reprograms CVAL, which drops the level. */
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE | CNTV_CTL_IMASK);
	timer_interrupt();
}

void clock_init(void)
{
	int node = dt_find_compatible("arm,armv8-timer", -1);
	unsigned intid = TIMER_VIRT_INTID;
	uint32_t hz;

	cnt_hz = read_sysreg(cntfrq_el0) & 0xffffffff;
	if (node >= 0 && dt_prop_u32(node, "clock-frequency", &hz) && hz)
		cnt_hz = hz; /* firmware that left CNTFRQ_EL0 unset */
	if (!cnt_hz)
		panic("clock: the generic timer has no frequency");
	if (node < 0 || !dt_irq(node, 2, &intid)) /* 3rd: the virtual timer */
		printk("clock: no timer interrupt in the device tree; using INTID %u\n",
		       intid);
	cnt_base = counter();
	write_sysreg(cntv_ctl_el0, CNTV_CTL_IMASK);
	irq_register(intid, true, timer_irq);
	printk("clocksource: arch_sys_counter at %lu kHz, virtual timer INTID %u\n",
	       cnt_hz / 1000, intid);
}

uint64_t arch_clock_ns(void)
{
	return cnt_hz ? ticks_to_ns(counter() - cnt_base) : 0;
}

const char *arch_clocksource_name(void)
{
	return "arch_sys_counter";
}

/*
 * Arm's paravirtual stolen time (DEN0057A): KVM keeps a 64-byte record per
 * vCPU, little-endian, whose stolen_time counts the ns this vCPU was
 * runnable but not running.  One aligned 64-bit load reads it whole, so
 * there is no version protocol.  Offered only by KVM; under TCG the SMCCC
 * discovery says no and no time counts as stolen.
 */
#define PV_TIME_FEATURES 0xC5000020u
#define PV_TIME_ST 0xC5000021u

struct pv_time_record {
	uint32_t revision;
	uint32_t attributes;
	uint64_t stolen_time;
	uint8_t pad[48];
};
_Static_assert(sizeof(struct pv_time_record) == 64, "DEN0057A record size");

static volatile struct pv_time_record *pv_time;

void pv_time_init(void)
{
	int64_t ipa;

	if (smccc_arch_features(PV_TIME_FEATURES) != 0 ||
	    smccc_call(PV_TIME_FEATURES, PV_TIME_ST) != 0)
		return;
	ipa = smccc_call(PV_TIME_ST, 0);
	if (ipa < 0 || (ipa & 63)) {
		printk("arm-pv: PV_TIME_ST gave %ld; no stolen time\n", (long)ipa);
		return;
	}
	pv_time = mmu_ioremap((uint64_t)ipa, sizeof(*pv_time));
	printk("arm-pv: using stolen time PV\n");
}

uint64_t arch_steal_ns(void)
{
	return pv_time ? pv_time->stolen_time : 0;
}

void arch_timer_set(uint64_t deadline_ns)
{
	if (!cnt_hz)
		return;
	write_sysreg(cntv_cval_el0, cnt_base + ns_to_ticks(deadline_ns));
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
}
