// SPDX-License-Identifier: MIT
/*
 * gic.c - the Arm Generic Interrupt Controller, v3 (IHI 0069: distributor,
 * the boot CPU's redistributor, system-register CPU interface) or v2
 * (IHI 0048: distributor and memory-mapped CPU interface), as the device
 * tree says.  Interrupts are group 1, one priority, routed to the boot CPU;
 * handlers run with interrupts masked and the EOI follows the handler.
 */
#include "kernel/kernel.h"
#include <arch/cpu.h>
#include "kernel/devices.h"
#include <arch/mmu.h>
#include "arch/aarch64/aarch64_internal.h"

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR 0x0800
#define GICD_ICFGR 0x0c00
#define GICD_IROUTER 0x6000
#define GICD_CTLR_RWP (1u << 31)

#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_SGI 0x10000 /* SGI_base frame: the PPI/SGI registers */
#define GICR_TYPER_LAST (1u << 4)

#define GICC_CTLR 0x0000
#define GICC_PMR 0x0004
#define GICC_BPR 0x0008
#define GICC_IAR 0x000c
#define GICC_EOIR 0x0010

#define PRIO 0xa0
#define MAX_IRQ 512

#define MAX_ACTIONS 64

static int version;
static uint8_t *gicd, *gicr, *gicc;
static unsigned nlines;
static void (*handlers[MAX_IRQ])(void);
/* Drivers' handlers (arch_irq_line_register), chained on shared lines. */
static struct irq_action {
	void (*fn)(void *);
	void *arg;
	struct irq_action *next;
} actions[MAX_ACTIONS], *chains[MAX_IRQ];
static unsigned nactions;

static uint32_t rd(uint8_t *base, unsigned off) { return mmio_read32(base + off); }
static void wr(uint8_t *base, unsigned off, uint32_t v) { mmio_write32(base + off, v); }

static void gicd_wait_rwp(void)
{
	for (int i = 0; i < 1000000 && (rd(gicd, GICD_CTLR) & GICD_CTLR_RWP); i++)
		arch_cpu_relax();
}

/*
 * Distributor setup common to both versions: SPIs off, one priority, and
 * the group the CPU interface signals as IRQ: group 1 on v3 (ICC_IGRPEN1),
 * group 0 on v2 without the Security Extensions (QEMU virt; with them, a
 * non-secure kernel sees only group 1 and these writes are ignored).
 */
static void dist_init(uint32_t group)
{
	wr(gicd, GICD_CTLR, 0);
	nlines = MIN(((rd(gicd, GICD_TYPER) & 0x1f) + 1) * 32, 1020u);
	for (unsigned i = 32; i < nlines; i += 32) {
		wr(gicd, GICD_ICENABLER + i / 8, 0xffffffff);
		wr(gicd, GICD_IGROUPR + i / 8, group);
	}
	for (unsigned i = 32; i < nlines; i += 4)
		wr(gicd, GICD_IPRIORITYR + i, PRIO * 0x01010101u);
}

/* The redistributor whose GICR_TYPER affinity is this CPU's MPIDR. */
static uint8_t *find_redist(uint64_t pa, uint64_t size)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);
	uint32_t aff = (uint32_t)(((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff));

	/* Each redistributor is an RD_base and an SGI_base frame, 64 KiB each. */
	for (uint64_t off = 0; off + 0x20000 <= size; off += 0x20000) {
		uint8_t *rd = mmu_ioremap(pa + off, 0x20000);
		uint64_t typer = mmio_read64(rd + GICR_TYPER);
		if ((uint32_t)(typer >> 32) == aff)
			return rd;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return NULL;
}

/* reg[0] is the distributor, reg[1] the redistributors (v3) or CPU interface (v2). */
struct gic_regs {
	uint64_t dist, dist_size, cpu, cpu_size;
};

static bool gicv3_init(const struct gic_regs *r)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);

	gicd = mmu_ioremap(r->dist, r->dist_size);
	gicr = find_redist(r->cpu, r->cpu_size);
	if (!gicr)
		return false;
	dist_init(0xffffffff);
	wr(gicd, GICD_CTLR, (1u << 4) | (1u << 1) | (1u << 0)); /* ARE, Grp1, Grp0/1NS */
	gicd_wait_rwp();
	for (unsigned i = 32; i < nlines; i++)
		mmio_write64(gicd + GICD_IROUTER + 8 * i,
			     ((mpidr >> 32) & 0xff) << 32 | (mpidr & 0xffffff));
	/* Wake the redistributor (GICR_WAKER.ProcessorSleep, ChildrenAsleep). */
	wr(gicr, GICR_WAKER, rd(gicr, GICR_WAKER) & ~2u);
	for (int i = 0; i < 1000000 && (rd(gicr, GICR_WAKER) & 4); i++)
		arch_cpu_relax();
	wr(gicr + GICR_SGI, GICD_ICENABLER, 0xffffffff);
	wr(gicr + GICR_SGI, GICD_IGROUPR, 0xffffffff);
	for (unsigned i = 0; i < 32; i += 4)
		wr(gicr + GICR_SGI, GICD_IPRIORITYR + i, PRIO * 0x01010101u);
	/* CPU interface: ICC_SRE_EL1.SRE, PMR, BPR1, CTLR (EOImode 0), IGRPEN1. */
	write_sysreg(S3_0_C12_C12_5, read_sysreg(S3_0_C12_C12_5) | 1);
	isb();
	write_sysreg(S3_0_C4_C6_0, 0xff);
	write_sysreg(S3_0_C12_C12_3, 0);
	write_sysreg(S3_0_C12_C12_4, 0);
	write_sysreg(S3_0_C12_C12_7, 1);
	isb();
	return true;
}

static bool gicv2_init(const struct gic_regs *r)
{
	gicd = mmu_ioremap(r->dist, r->dist_size);
	gicc = mmu_ioremap(r->cpu, r->cpu_size);
	dist_init(0);
	for (unsigned i = 32; i < nlines; i += 4)
		wr(gicd, GICD_ITARGETSR + i, 0x01010101); /* CPU interface 0 */
	wr(gicd, GICD_ICENABLER, 0xffffffff);        /* SGIs, PPIs (banked) */
	wr(gicd, GICD_IGROUPR, 0);
	for (unsigned i = 0; i < 32; i += 4)
		wr(gicd, GICD_IPRIORITYR + i, PRIO * 0x01010101u);
	wr(gicd, GICD_CTLR, 1);
	wr(gicc, GICC_PMR, 0xff);
	wr(gicc, GICC_BPR, 0);
	wr(gicc, GICC_CTLR, 1);
	return true;
}

static bool regs_of(int node, struct gic_regs *r)
{
	return node >= 0 && dt_reg(node, 0, &r->dist, &r->dist_size) && r->dist_size &&
	       dt_reg(node, 1, &r->cpu, &r->cpu_size) && r->cpu_size;
}

/*
 * The controller the device tree names; without a device tree, QEMU virt's
 * (GICv3 when the CPU has its system register interface, ID_AA64PFR0_EL1.GIC).
 */
void gic_init(void)
{
	static const char *const v2[] = { "arm,cortex-a15-gic", "arm,gic-400",
					  "arm,cortex-a9-gic", "arm,cortex-a7-gic" };
	struct gic_regs r;
	int node = dt_find_compatible("arm,gic-v3", -1);

	if (regs_of(node, &r)) {
		version = 3;
	} else {
		node = -1;
		for (size_t i = 0; i < ARRAY_SIZE(v2) && node < 0; i++)
			node = dt_find_compatible(v2[i], -1);
		if (regs_of(node, &r)) {
			version = 2;
		} else if (!dt_valid()) {
			version = (read_sysreg(id_aa64pfr0_el1) >> 24) & 15 ? 3 : 2;
			r = version == 3 ? (struct gic_regs){ 0x08000000, 0x10000, 0x080a0000, 0x20000 }
					 : (struct gic_regs){ 0x08000000, 0x10000, 0x08010000, 0x10000 };
			printk("GIC: assuming QEMU virt's GICv%d\n", version);
		}
	}
	if (!version || !(version == 3 ? gicv3_init(&r) : gicv2_init(&r)))
		panic("gic: no usable interrupt controller in the device tree");
	printk("GIC: v%d, %u interrupt lines\n", version, nlines);
}

/* Trigger mode and enable bit of intid. */
static void enable(unsigned intid, bool level)
{
	uint8_t *cfg_base = gicd, *en_base = gicd;
	unsigned reg = intid / 16, shift = (intid % 16) * 2;

	if (version == 3 && intid < 32)
		cfg_base = en_base = gicr + GICR_SGI;
	if (intid >= 16) { /* SGIs are always edge */
		uint32_t cfg = rd(cfg_base, GICD_ICFGR + 4 * reg);
		cfg = (cfg & ~(2u << shift)) | (level ? 0 : 2u << shift);
		wr(cfg_base, GICD_ICFGR + 4 * reg, cfg);
	}
	wr(en_base, GICD_ISENABLER + 4 * (intid / 32), 1u << (intid % 32));
}

static bool valid(unsigned intid)
{
	if (intid >= MAX_IRQ || (intid >= 32 && intid >= nlines)) {
		printk("gic: interrupt %u out of range\n", intid);
		return false;
	}
	return true;
}

/* This CPU's redistributor (RD_base), or NULL on a GICv2. */
uint8_t *gic_redist(void)
{
	return version == 3 ? gicr : NULL;
}

/* Enable intid (SGI/PPI 0-31 or SPI 32-) with handler fn. */
void irq_register(unsigned intid, bool level, void (*fn)(void))
{
	if (!valid(intid))
		return;
	handlers[intid] = fn;
	enable(intid, level);
}

/*
 * kernel/devices.h: a driver's handler on a (perhaps shared) line; a line
 * already enabled keeps its trigger.  Arm's active-low/falling variants do
 * not exist for SPIs at the GIC, so IRQ_ACTIVE_LOW is ignored.
 */
int arch_irq_line_register(unsigned intid, unsigned flags, void (*fn)(void *),
			   void *arg)
{
	struct irq_action *a, **pp;
	bool first;

	if (!valid(intid))
		return -EINVAL;
	if (nactions == MAX_ACTIONS)
		return -ENOSPC;
	a = &actions[nactions++];
	*a = (struct irq_action){ fn, arg, NULL };
	first = !chains[intid] && !handlers[intid];
	for (pp = &chains[intid]; *pp; pp = &(*pp)->next)
		;
	*pp = a;
	if (first)
		enable(intid, flags & IRQ_LEVEL);
	return 0;
}

static uint32_t ack(void)
{
	if (version == 3) {
		uint32_t v = (uint32_t)read_sysreg(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */
		__asm__ volatile("dsb sy" ::: "memory");
		return v;
	}
	return rd(gicc, GICC_IAR);
}

static void eoi(uint32_t iar)
{
	if (version == 3) {
		write_sysreg(S3_0_C12_C12_1, iar); /* ICC_EOIR1_EL1 */
		isb();
	} else {
		wr(gicc, GICC_EOIR, iar);
	}
}

/* From the IRQ vector: handle everything pending. */
void irq_handle(void)
{
	for (;;) {
		uint32_t iar = ack(), intid = iar & (version == 3 ? 0xffffff : 0x3ff);
		if (intid >= 1020 && intid < 8192)
			return; /* spurious: nothing (more) pending */
		if (intid >= 8192) { /* an LPI: a GICv3 ITS message */
			if (!its_handle(intid))
				printk_once("gic: unexpected LPI %u\n", intid);
			eoi(iar);
			continue;
		}
		bool handled = false;
		if (intid < MAX_IRQ && handlers[intid]) {
			handlers[intid]();
			handled = true;
		}
		for (struct irq_action *a = intid < MAX_IRQ ? chains[intid] : NULL; a;
		     a = a->next) {
			a->fn(a->arg);
			handled = true;
		}
		if (!handled)
			printk_once("gic: unexpected interrupt %u\n", intid);
		eoi(iar);
	}
}
