// SPDX-License-Identifier: MIT
/*
 * clock.c - the clocksource and the one-shot timer on x86_64
 * (design.md §4):
 *  - on KVM, kvmclock (kvm.c, the pvclock ABI) as the clocksource and the
 *    local APIC timer in TSC-deadline mode (SDM Vol. 3A 10.5.4.1) for
 *    ticks, with no calibration at all;
 *  - elsewhere (TCG), the TSC calibrated against the ACPI PM timer
 *    (3.579545 MHz) or, where there is none (microvm), the 8254 PIT
 *    (1.193182 MHz), and the local APIC one-shot timer calibrated the same
 *    way.  KVM without TSC-deadline keeps kvmclock and calibrates the
 *    APIC timer.
 * The boot log names the clocksource and the timer chosen.  The CMOS RTC
 * that gives the wall clock at boot is rtc.c.
 */
#include "kernel/kernel.h"
#include <arch/cpu.h>
#include "arch/x86_64/x86_internal.h"

#define PM_TIMER_HZ 3579545ULL

static uint64_t tsc_base;
static uint64_t tsc_mult;   /* ns = (tsc * mult) >> 32 */
static uint64_t tsc_hz;
static uint64_t lapic_hz;   /* timer ticks per second (after divide) */
static bool use_kvmclock;   /* [I] kvmclock is the clocksource */
static bool use_deadline;   /* [I] the APIC timer runs in TSC-deadline mode */

#define CPUID1_ECX_TSC_DEADLINE (1u << 24)

uint32_t apic_timer_current(void);

static uint32_t pm_read(uint16_t port)
{
	return inl(port) & (acpi_pm_timer_32bit() ? 0xffffffffu : 0xffffffu);
}

/* Wait `ticks` PM-timer ticks (busy: calibration only, at boot). */
static void pm_wait(uint16_t port, uint32_t ticks)
{
	uint32_t mask = acpi_pm_timer_32bit() ? 0xffffffffu : 0xffffffu;
	uint32_t start = pm_read(port);

	while (((pm_read(port) - start) & mask) < ticks)
		arch_cpu_relax();
}

/*
 * 50 ms on the PIT: channel 0 as a free-running rate generator (mode 2,
 * reload 65536), its count latched and read back until 59659 ticks have
 * passed.  Channel 2's gate (port 0x61) is not there on microvm.
 */
#define PIT_HZ 1193182U
static uint16_t pit_read(void)
{
	outb(0x43, 0x00); /* latch channel 0 */
	uint8_t lo = inb(0x40);
	return (uint16_t)(lo | (inb(0x40) << 8));
}

static void pit_wait_50ms(void)
{
	uint32_t want = PIT_HZ / 20, elapsed = 0;

	outb(0x43, 0x34); /* channel 0, lo/hi, mode 2 */
	outb(0x40, 0);
	outb(0x40, 0);
	uint16_t last = pit_read();
	for (long i = 0; i < 100000000 && elapsed < want; i++) {
		uint16_t now = pit_read();
		elapsed += (uint16_t)(last - now); /* counts down, wraps at 2^16 */
		last = now;
	}
}

static const char *calibrated_by;

/*
 * A reading of the PM timer or the APIC timer and the TSC's at the same
 * moment: the tightest bracket of a few tries.  Only the ends of the
 * measurement count, and a pause of the vCPU between the two reads there
 * (a busy host under TCG) skewed the TSC's rate by up to 10 %, so the
 * system clock ran that much off the RTC.
 */
#define PAIR_TRIES 5
static uint32_t pair_read(uint16_t port, uint64_t *tsc)
{
	uint64_t best = UINT64_MAX;
	uint32_t v = 0;

	for (int i = 0; i < PAIR_TRIES; i++) {
		uint64_t a = rdtsc();
		uint32_t x = port ? pm_read(port) : apic_timer_current();
		uint64_t b = rdtsc();
		if (b - a < best) {
			best = b - a;
			v = x;
			*tsc = a + (b - a) / 2;
		}
	}
	return v;
}

/* Measure the TSC and the APIC timer against 50 ms of a fixed clock. */
static void calibrate(void)
{
	uint16_t port = acpi_pm_timer_port();
	uint32_t ticks = (uint32_t)(PM_TIMER_HZ / 20); /* 50 ms */
	uint32_t mask = acpi_pm_timer_32bit() ? 0xffffffffu : 0xffffffu;
	uint64_t t0 = 0, t1 = 0, ta0, ta1;
	uint32_t p0 = 0, p1, a0, a1;

	apic_timer_oneshot(0xffffffffUL);
	if (port)
		p0 = pair_read(port, &t0);
	else
		t0 = rdtsc();
	a0 = pair_read(0, &ta0);
	if (port) {
		pm_wait(port, ticks);
		calibrated_by = "the ACPI PM timer";
	} else {
		pit_wait_50ms();
		calibrated_by = "the PIT";
	}
	a1 = pair_read(0, &ta1);
	if (port) {
		p1 = pair_read(port, &t1);
		tsc_hz = (t1 - t0) * PM_TIMER_HZ / (((p1 - p0) & mask) ? ((p1 - p0) & mask) : 1);
	} else {
		t1 = rdtsc();
		tsc_hz = (t1 - t0) * 20;
	}
	apic_timer_oneshot(0); /* leave a short shot pending: harmless */
	lapic_hz = (uint64_t)(a0 - a1) * tsc_hz / (ta1 - ta0);
	tsc_mult = (1000000000ULL << 32) / tsc_hz;
	tsc_base = t0;
	printk("tsc: %lu kHz, APIC timer %lu kHz (calibrated against %s)\n",
	       tsc_hz / 1000, lapic_hz / 1000, calibrated_by);
}

static bool cpu_has_tsc_deadline(void)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	return r[2] & CPUID1_ECX_TSC_DEADLINE;
}

void clock_init(void)
{
	use_kvmclock = kvmclock_init();
	/* The deadline is computed from kvmclock's TSC scale, so only with it. */
	use_deadline = use_kvmclock && cpu_has_tsc_deadline();
	if (use_deadline)
		apic_timer_deadline_mode();
	else
		calibrate();
	printk("clocksource: Switched to clocksource %s\n", arch_clocksource_name());
	if (use_deadline)
		printk("clockevents: lapic-deadline (TSC-deadline timer)\n");
	else
		printk("clockevents: lapic (one-shot, %lu kHz)\n", lapic_hz / 1000);
}

uint64_t arch_clock_ns(void)
{
	if (use_kvmclock)
		return kvmclock_ns();
	return (uint64_t)(((unsigned __int128)(rdtsc() - tsc_base) * tsc_mult) >> 32);
}

const char *arch_clocksource_name(void)
{
	return use_kvmclock ? "kvm-clock" : "tsc";
}

uint64_t apic_timer_hz(void)
{
	return lapic_hz;
}

void arch_timer_set(uint64_t deadline_ns)
{
	if (use_deadline) {
		apic_timer_deadline(kvmclock_tsc_deadline(deadline_ns));
		return;
	}
	uint64_t now = arch_clock_ns();
	uint64_t delta = deadline_ns > now ? deadline_ns - now : 0;

	delta = MIN(delta, 10 * 1000000000ULL); /* keeps the product in 64 bits */
	apic_timer_oneshot(delta * lapic_hz / 1000000000ULL + 1);
}

bool arch_hw_random(uint64_t *out)
{
	uint32_t r[4];
	unsigned char ok;

	cpuid(1, 0, r);
	if (!(r[2] & (1u << 30)))
		return false;
	__asm__ volatile("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok));
	return ok;
}
