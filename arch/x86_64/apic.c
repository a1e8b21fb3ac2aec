// SPDX-License-Identifier: MIT
/*
 * apic.c - interrupt controllers: the local APIC (x2APIC through MSRs when
 * the CPU offers it, else xAPIC MMIO), its timer (one-shot, or TSC-deadline
 * mode where clock.c chooses it: SDM Vol. 3A 10.5.4.1), and the I/O APIC
 * routing ISA interrupts (SDM Vol. 3A ch. 10, 82093AA datasheet).  The
 * legacy 8259 PICs are masked.
 */
#include "kernel/kernel.h"
#include <arch/cpu.h>
#include <arch/mmu.h>
#include "arch/x86_64/x86_internal.h"

#define LAPIC_ID 0x20
#define LAPIC_EOI 0xb0
#define LAPIC_SVR 0xf0
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR 0x390
#define LAPIC_TIMER_DIV 0x3e0
#define LVT_TIMER_TSC_DEADLINE (2u << 17) /* timer mode bits 18:17 = 10b */

static bool x2apic;
static volatile uint32_t *lapic_mmio;
static volatile uint32_t *ioapic;
static void (*isa_handlers[16])(void);
static unsigned gsi_of_vec[256];

static void lapic_write(uint32_t reg, uint32_t v)
{
	if (x2apic)
		wrmsr(0x800 + (reg >> 4), v);
	else
		lapic_mmio[reg / 4] = v;
}

static uint32_t lapic_read(uint32_t reg)
{
	if (x2apic)
		return (uint32_t)rdmsr(0x800 + (reg >> 4));
	return lapic_mmio[reg / 4];
}

void apic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

static void ioapic_write(uint32_t reg, uint32_t v)
{
	ioapic[0] = reg;
	ioapic[4] = v;
}

void apic_init(void)
{
	uint32_t r[4];

	outb(0x21, 0xff); /* mask both 8259s */
	outb(0xa1, 0xff);
	cpuid(1, 0, r);
	x2apic = r[2] & (1u << 21);
	uint64_t base = rdmsr(MSR_APIC_BASE);
	base |= 1u << 11; /* global enable */
	if (x2apic)
		base |= 1u << 10;
	wrmsr(MSR_APIC_BASE, base);
	if (!x2apic)
		lapic_mmio = mmu_ioremap(acpi_lapic_base(), 4096);
	lapic_write(LAPIC_SVR, 0x100 | VEC_SPURIOUS);
	lapic_write(LAPIC_TIMER_DIV, 0x3); /* divide by 16 */
	lapic_write(LAPIC_LVT_TIMER, VEC_TIMER); /* one-shot */
	ioapic = mmu_ioremap(acpi_ioapic_base(), 4096);
	printk("APIC: %s, I/O APIC at %lx\n", x2apic ? "x2APIC" : "xAPIC",
	       acpi_ioapic_base());
}

/* Route ISA IRQ irq to vector IRQ_BASE + irq on this CPU. */
void irq_register_isa(unsigned irq, void (*fn)(void))
{
	bool low, level;
	unsigned gsi = acpi_isa_gsi(irq, &low, &level);
	uint32_t vec = IRQ_BASE + irq;
	uint32_t dest = x2apic ? lapic_read(LAPIC_ID) : lapic_read(LAPIC_ID) >> 24;

	isa_handlers[irq] = fn;
	gsi_of_vec[vec] = gsi;
	ioapic_write(0x10 + 2 * gsi + 1, dest << 24);
	ioapic_write(0x10 + 2 * gsi, vec | (low ? 1u << 13 : 0) |
				   (level ? 1u << 15 : 0));
}

void apic_timer_oneshot(uint64_t ticks)
{
	if (ticks > 0xffffffffUL)
		ticks = 0xffffffffUL;
	if (ticks == 0)
		ticks = 1;
	lapic_write(LAPIC_TIMER_INIT, (uint32_t)ticks);
}

/*
 * Switch the timer to TSC-deadline mode (CPUID.1:ECX[24]): from here on it
 * fires when the TSC reaches the value in IA32_TSC_DEADLINE, and the
 * initial-count register is ignored.
 */
void apic_timer_deadline_mode(void)
{
	lapic_write(LAPIC_LVT_TIMER, VEC_TIMER | LVT_TIMER_TSC_DEADLINE);
	/* The mode must be in place before the first deadline is written
	 * (SDM 10.5.4.1); as Linux, fence the LVT write. */
	__asm__ volatile("mfence" ::: "memory");
}

/* Arm the deadline timer for TSC value tsc (0 would disarm it). */
void apic_timer_deadline(uint64_t tsc)
{
	/* WRMSR to x2APIC registers and to IA32_TSC_DEADLINE is not
	 * serializing; order earlier stores before it (Linux weak_wrmsr_fence). */
	__asm__ volatile("mfence; lfence" ::: "memory");
	wrmsr(MSR_IA32_TSC_DEADLINE, tsc ? tsc : 1);
}

uint32_t apic_timer_current(void)
{
	return lapic_read(LAPIC_TIMER_CUR);
}

void timer_interrupt(void); /* kernel/timer.c */

void irq_dispatch(unsigned vector)
{
	if (vector == VEC_SPURIOUS)
		return;
	if (vector == VEC_TIMER) {
		apic_eoi();
		timer_interrupt();
		return;
	}
	if (vector >= IRQ_BASE && vector < IRQ_BASE + 16 &&
	    isa_handlers[vector - IRQ_BASE])
		isa_handlers[vector - IRQ_BASE]();
	else
		printk_once("irq: unexpected vector %u\n", vector);
	apic_eoi();
}
