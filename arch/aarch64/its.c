// SPDX-License-Identifier: MIT
/*
 * its.c - message-signalled interrupts through the GICv3 Interrupt
 * Translation Service (Arm IHI 0069, ch. 5 and 6): LPIs on this CPU's
 * redistributor (property and pending tables, §5.1), the ITS's device and
 * collection tables and command queue (§6.2, §6.3), and per device an
 * interrupt translation table; MAPC once, then MAPD per device and MAPTI
 * per vector map (DeviceID, EventID) to an LPI.  A device raises event E
 * by writing E to GITS_TRANSLATER.
 *
 * One CPU, one collection (0), at most MAX_LPIS LPIs and 32 events per
 * device: what virtio-pci needs.  Anything the ITS does not take (a
 * command that never completes, a table it refuses) is logged and MSIs
 * stay unavailable: drivers fall back to INTx.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include <arch/cpu.h>
#include <arch/mmu.h>
#include "arch/aarch64/aarch64_internal.h"

#define GITS_CTLR 0x0000
#define GITS_TYPER 0x0008
#define GITS_CBASER 0x0080
#define GITS_CWRITER 0x0088
#define GITS_CREADR 0x0090
#define GITS_BASER 0x0100
#define GITS_TRANSLATER 0x10040
#define GITS_CTLR_QUIESCENT (1u << 31)

#define GICR_CTLR 0x0000
#define GICR_TYPER 0x0008
#define GICR_PROPBASER 0x0070
#define GICR_PENDBASER 0x0078
#define GICR_CTLR_ENABLE_LPIS 1u
#define GICR_PENDBASER_PTZ (1ULL << 62)

#define BASER_VALID (1ULL << 63)
#define BASER_TYPE(v) (((v) >> 56) & 7)
#define BASER_ESIZE(v) ((((v) >> 48) & 0x1f) + 1)
#define BASER_DEVICES 1
#define BASER_COLLECTIONS 4

#define CMD_SYNC 0x05
#define CMD_MAPD 0x08
#define CMD_MAPC 0x09
#define CMD_MAPTI 0x0a
#define CMD_INV 0x0c

#define LPI_BASE 8192
#define LPI_ID_BITS 14                  /* INTIDs below 16384 */
#define PROP_SIZE ((1u << LPI_ID_BITS) - LPI_BASE)
#define MAX_LPIS 64
#define EVENT_BITS 5                    /* 32 events a device */
#define MAX_DEVICES 32
#define TABLE_PAGES 16                  /* 64 KiB per ITS table */
#define CMDQ_SIZE 4096
#define LPI_PRIO 0xa0

static struct {
	bool probed, ok;
	uint8_t *regs;
	uint64_t phys;
	uint8_t *cmdq;
	uint32_t cwriter;
	uint8_t *prop;
	unsigned itt_esize;
	uint64_t rdbase;                /* MAPC target: address >> 16 or number */
	unsigned nlpis;
	struct {
		void (*fn)(void *);
		void *arg;
	} lpi[MAX_LPIS];
	struct {
		uint32_t id;
		unsigned nevents;
	} dev[MAX_DEVICES];
	unsigned ndevs;
} its;

static uint64_t rd64(unsigned off) { return mmio_read64(its.regs + off); }
static void wr64(unsigned off, uint64_t v) { mmio_write64(its.regs + off, v); }

/* Queue one command and wait for the ITS to consume it. */
static int its_cmd(uint64_t dw0, uint64_t dw1, uint64_t dw2, uint64_t dw3)
{
	uint64_t *c = (uint64_t *)(its.cmdq + its.cwriter);

	c[0] = dw0;
	c[1] = dw1;
	c[2] = dw2;
	c[3] = dw3;
	its.cwriter = (its.cwriter + 32) % CMDQ_SIZE;
	wr64(GITS_CWRITER, its.cwriter);
	for (int i = 0; i < 1000000; i++) {
		if ((rd64(GITS_CREADR) & 0xfffe0) == its.cwriter)
			return 0;
		arch_cpu_relax();
	}
	printk("ITS: command %lx not consumed\n", (unsigned long)(dw0 & 0xff));
	its.ok = false;
	return -EIO;
}

static int sync_cmd(void)
{
	return its_cmd(CMD_SYNC, 0, its.rdbase << 16, 0);
}

static void *zpages(unsigned n)
{
	void *p = page_alloc_n(n);

	if (p)
		memset(p, 0, n * PAGE_SIZE);
	return p;
}

/* LPI property and pending tables of this CPU's redistributor (§5.1). */
static bool redist_init(uint8_t *gicr)
{
	uint8_t *pend_raw = zpages(32), *pend;

	its.prop = zpages(PROP_SIZE / PAGE_SIZE);
	if (!its.prop || !pend_raw || !(mmio_read64(gicr + GICR_TYPER) & 1))
		return false;
	pend = (uint8_t *)ALIGN_UP((uint64_t)pend_raw, 0x10000UL); /* 64 KiB aligned */
	if (mmio_read32(gicr + GICR_CTLR) & GICR_CTLR_ENABLE_LPIS)
		return false; /* enabled by someone else: its tables are unknown */
	mmio_write64(gicr + GICR_PROPBASER, virt_to_phys(its.prop) | (LPI_ID_BITS - 1));
	mmio_write64(gicr + GICR_PENDBASER, virt_to_phys(pend) | GICR_PENDBASER_PTZ);
	mmio_write32(gicr + GICR_CTLR, mmio_read32(gicr + GICR_CTLR) | GICR_CTLR_ENABLE_LPIS);
	its.rdbase = (mmio_read64(gicr + GICR_TYPER) >> 8) & 0xffff; /* processor number */
	return true;
}

/* Flat device and collection tables for every GITS_BASER that wants one. */
static bool tables_init(void)
{
	for (unsigned n = 0; n < 8; n++) {
		uint64_t v = rd64(GITS_BASER + 8 * n), type = BASER_TYPE(v);
		if (type != BASER_DEVICES && type != BASER_COLLECTIONS)
			continue;
		void *t = zpages(TABLE_PAGES);
		if (!t)
			return false;
		uint64_t want = BASER_VALID | type << 56 | (BASER_ESIZE(v) - 1) << 48 |
				virt_to_phys(t) | (TABLE_PAGES - 1); /* 4 KiB pages */
		wr64(GITS_BASER + 8 * n, want);
		if ((rd64(GITS_BASER + 8 * n) & BASER_VALID) == 0)
			return false;
	}
	return true;
}

static void its_probe(void)
{
	int node = dt_find_compatible("arm,gic-v3-its", -1);
	uint8_t *gicr = gic_redist();
	uint64_t base, size, typer;

	its.probed = true;
	if (node < 0 || !gicr || !dt_node_ok(node) || !dt_reg(node, 0, &base, &size) ||
	    size < 0x20000)
		return;
	its.regs = mmu_ioremap(base, size);
	its.phys = base;
	mmio_write32(its.regs + GITS_CTLR, 0);
	for (int i = 0; i < 1000000 && !(mmio_read32(its.regs + GITS_CTLR) & GITS_CTLR_QUIESCENT); i++)
		arch_cpu_relax();
	typer = rd64(GITS_TYPER);
	its.itt_esize = ((typer >> 4) & 0xf) + 1;
	its.cmdq = zpages(CMDQ_SIZE / PAGE_SIZE);
	if (!its.cmdq || !redist_init(gicr) || !tables_init()) {
		printk("ITS at %lx: cannot set up its tables; no MSIs\n", base);
		return;
	}
	if (typer & (1u << 19)) /* PTA: targets are redistributor addresses */
		its.rdbase = virt_to_phys(gicr) >> 16;
	wr64(GITS_CBASER, BASER_VALID | virt_to_phys(its.cmdq) | (CMDQ_SIZE / PAGE_SIZE - 1));
	wr64(GITS_CWRITER, 0);
	mmio_write32(its.regs + GITS_CTLR, 1);
	its.ok = true;
	if (its_cmd(CMD_MAPC, 0, BASER_VALID | its.rdbase << 16 | 0, 0) || sync_cmd())
		return;
	printk("ITS at %lx: LPIs %u-%u for MSIs\n", base, LPI_BASE, LPI_BASE + MAX_LPIS - 1);
}

/* Map DeviceID on first use, with a table for 2^EVENT_BITS events. */
static int its_device(uint32_t devid)
{
	unsigned i;

	for (i = 0; i < its.ndevs; i++)
		if (its.dev[i].id == devid)
			return (int)i;
	if (i == MAX_DEVICES)
		return -ENOSPC;
	void *itt = zpages(1); /* 32 events * entry size <= 4 KiB, 256-aligned */
	if (!itt || its.itt_esize * (1u << EVENT_BITS) > PAGE_SIZE)
		return -ENOMEM;
	if (its_cmd(CMD_MAPD | (uint64_t)devid << 32, EVENT_BITS - 1,
		    BASER_VALID | virt_to_phys(itt), 0))
		return -EIO;
	its.dev[i].id = devid;
	its.dev[i].nevents = 0;
	its.ndevs++;
	return (int)i;
}

int its_msi_alloc(uint32_t devid, void (*fn)(void *), void *arg, uint64_t *addr,
		  uint32_t *data)
{
	int d;

	if (!its.probed)
		its_probe();
	if (!its.ok)
		return -EOPNOTSUPP;
	if (its.nlpis == MAX_LPIS)
		return -ENOSPC;
	d = its_device(devid);
	if (d < 0)
		return d;
	if (its.dev[d].nevents == 1u << EVENT_BITS)
		return -ENOSPC;
	unsigned event = its.dev[d].nevents, lpi = its.nlpis;
	its.lpi[lpi].fn = fn;
	its.lpi[lpi].arg = arg;
	its.prop[lpi] = LPI_PRIO | 1; /* enabled, group 1 */
	__asm__ volatile("dsb ishst" ::: "memory");
	if (its_cmd(CMD_MAPTI | (uint64_t)devid << 32,
		    event | (uint64_t)(LPI_BASE + lpi) << 32, 0, 0) ||
	    its_cmd(CMD_INV | (uint64_t)devid << 32, event, 0, 0) || sync_cmd())
		return -EIO;
	its.nlpis++;
	its.dev[d].nevents++;
	*addr = its.phys + GITS_TRANSLATER;
	*data = event;
	return 0;
}

/* From the GIC's interrupt loop: an LPI arrived. */
bool its_handle(unsigned intid)
{
	unsigned i = intid - LPI_BASE;

	if (intid < LPI_BASE || i >= its.nlpis || !its.lpi[i].fn)
		return false;
	its.lpi[i].fn(its.lpi[i].arg);
	return true;
}
