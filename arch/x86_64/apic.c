// SPDX-License-Identifier: MIT
/*
 * apic.c - interrupt controllers: the local APIC (x2APIC through MSRs when
 * the CPU offers it, else xAPIC MMIO), its timer (one-shot, or TSC-deadline
 * mode where clock.c chooses it: SDM Vol. 3A 10.5.4.1), the I/O APICs
 * routing ISA interrupts and other GSIs (SDM Vol. 3A ch. 10, 82093AA
 * datasheet), and vectors for message-signalled interrupts (SDM 10.11):
 * kernel/devices.h's arch_irq_line_register and arch_msi_alloc.  The legacy
 * 8259 PICs are masked.
 *
 * Vectors: 0x20-0x2f ISA IRQs, 0x30-0xdf handed out to GSIs and MSIs,
 * 0xf0 the timer, 0xff spurious.
 */
#include "kernel/kernel.h"
#include <arch/cpu.h>
#include <arch/mmu.h>
#include "kernel/devices.h"
#include "arch/x86_64/x86_internal.h"

#define LAPIC_ID 0x20
#define LAPIC_EOI 0xb0
#define LAPIC_SVR 0xf0
#define LAPIC_LVT_TIMER 0x320
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR 0x390
#define LAPIC_TIMER_DIV 0x3e0
#define LVT_TIMER_TSC_DEADLINE (2u << 17) /* timer mode bits 18:17 = 10b */

#define VEC_DYN_FIRST 0x30
#define VEC_DYN_LAST 0xdf
#define MAX_IOAPICS 8
#define MAX_GSI 256
#define MAX_ACTIONS 64

/* Boot-time tables: written while devices are probed, read by handlers. */
static bool x2apic;
static volatile uint32_t *lapic_mmio;
static struct ioapic {
	volatile uint32_t *regs;
	unsigned gsi_base, npins;
} ioapics[MAX_IOAPICS];
static unsigned nioapics;
static void (*isa_handlers[16])(void);
static uint8_t vec_of_gsi[MAX_GSI];     /* 0: not routed */
static bool vec_used[256];

/* Handlers of shared vectors, chained. */
static struct irq_action {
	void (*fn)(void *);
	void *arg;
	struct irq_action *next;
} actions[MAX_ACTIONS], *vec_actions[256];
static unsigned nactions;

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
	if (kvm_pv_eoi())
		return;
	lapic_write(LAPIC_EOI, 0);
}

static void ioapic_write(struct ioapic *io, uint32_t reg, uint32_t v)
{
	io->regs[0] = reg;
	io->regs[4] = v;
}

static uint32_t ioapic_read(struct ioapic *io, uint32_t reg)
{
	io->regs[0] = reg;
	return io->regs[4];
}

static void ioapics_init(void)
{
	uint64_t addr;
	unsigned base;

	while (nioapics < MAX_IOAPICS && acpi_ioapic(nioapics, &addr, &base)) {
		struct ioapic *io = &ioapics[nioapics++];
		io->regs = mmu_ioremap(addr, 4096);
		io->gsi_base = base;
		io->npins = ((ioapic_read(io, 1) >> 16) & 0xff) + 1;
		for (unsigned pin = 0; pin < io->npins; pin++)
			ioapic_write(io, 0x10 + 2 * pin, 1u << 16); /* masked */
		printk("I/O APIC %u at %lx: GSI %u-%u\n", nioapics - 1, addr, base,
		       base + io->npins - 1);
	}
}

static struct ioapic *ioapic_of(unsigned gsi, unsigned *pin)
{
	for (unsigned i = 0; i < nioapics; i++) {
		if (gsi >= ioapics[i].gsi_base &&
		    gsi < ioapics[i].gsi_base + ioapics[i].npins) {
			*pin = gsi - ioapics[i].gsi_base;
			return &ioapics[i];
		}
	}
	return NULL;
}

uint32_t apic_id(void)
{
	return x2apic ? lapic_read(LAPIC_ID) : lapic_read(LAPIC_ID) >> 24;
}

/* Point gsi at vec on this CPU; false when no I/O APIC has the GSI. */
static bool route_gsi(unsigned gsi, unsigned vec, bool level, bool low)
{
	unsigned pin;
	struct ioapic *io = ioapic_of(gsi, &pin);

	if (!io)
		return false;
	if (gsi < MAX_GSI)
		vec_of_gsi[gsi] = (uint8_t)vec;
	vec_used[vec] = true;
	ioapic_write(io, 0x10 + 2 * pin + 1, apic_id() << 24);
	ioapic_write(io, 0x10 + 2 * pin, vec | (low ? 1u << 13 : 0) |
				       (level ? 1u << 15 : 0));
	return true;
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
	printk("APIC: %s\n", x2apic ? "x2APIC" : "xAPIC");
	for (unsigned v = 0; v < VEC_DYN_FIRST; v++)
		vec_used[v] = true;
	vec_used[VEC_TIMER] = vec_used[VEC_SPURIOUS] = true;
	ioapics_init();
}

/* Route ISA IRQ irq to vector IRQ_BASE + irq on this CPU. */
void irq_register_isa(unsigned irq, void (*fn)(void))
{
	bool low, level;
	unsigned gsi = acpi_isa_gsi(irq, &low, &level);

	isa_handlers[irq] = fn;
	if (!route_gsi(gsi, IRQ_BASE + irq, level, low))
		printk("irq: no I/O APIC input for ISA IRQ %u (GSI %u)\n", irq, gsi);
}

static int vector_alloc(void)
{
	for (unsigned v = VEC_DYN_FIRST; v <= VEC_DYN_LAST; v++) {
		if (!vec_used[v]) {
			vec_used[v] = true;
			return (int)v;
		}
	}
	return -ENOSPC;
}

static int add_action(unsigned vec, void (*fn)(void *), void *arg)
{
	struct irq_action *a;

	if (nactions == MAX_ACTIONS)
		return -ENOSPC;
	a = &actions[nactions++];
	*a = (struct irq_action){ fn, arg, NULL };
	struct irq_action **pp = &vec_actions[vec];
	while (*pp)
		pp = &(*pp)->next;
	*pp = a;
	return 0;
}

/* A GSI's handler; GSIs already routed (shared lines) gain one more. */
int arch_irq_line_register(unsigned gsi, unsigned flags, void (*fn)(void *),
			   void *arg)
{
	int vec;

	if (gsi < MAX_GSI && vec_of_gsi[gsi])
		return add_action(vec_of_gsi[gsi], fn, arg);
	vec = vector_alloc();
	if (vec < 0)
		return vec;
	if (!route_gsi(gsi, (unsigned)vec, flags & IRQ_LEVEL, flags & IRQ_ACTIVE_LOW)) {
		vec_used[vec] = false;
		return -ENODEV;
	}
	return add_action((unsigned)vec, fn, arg);
}

/*
 * An MSI to this CPU (SDM 10.11.1): address 0xfee00000 with the APIC ID in
 * bits 19:12, physical destination; data the vector, fixed delivery, edge.
 */
int arch_msi_alloc(unsigned host, uint32_t rid, void (*fn)(void *), void *arg,
		   uint64_t *addr, uint32_t *data)
{
	int vec = vector_alloc(), err;

	if (vec < 0)
		return vec;
	err = add_action((unsigned)vec, fn, arg);
	if (err) {
		vec_used[vec] = false;
		return err;
	}
	*addr = 0xfee00000u | (apic_id() & 0xff) << 12;
	*data = (uint32_t)vec;
	return 0;
}

void arch_msi_free(uint32_t data)
{
	if (data < VEC_DYN_FIRST || data > VEC_DYN_LAST)
		return;
	vec_actions[data] = NULL; /* the action slots are not reused */
	vec_used[data] = false;
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
	bool handled = false;
	if (vector >= IRQ_BASE && vector < IRQ_BASE + 16 &&
	    isa_handlers[vector - IRQ_BASE]) {
		isa_handlers[vector - IRQ_BASE]();
		handled = true;
	}
	for (struct irq_action *a = vector < 256 ? vec_actions[vector] : NULL; a;
	     a = a->next) {
		a->fn(a->arg);
		handled = true;
	}
	if (!handled)
		printk_once("irq: unexpected vector %u\n", vector);
	apic_eoi();
}
