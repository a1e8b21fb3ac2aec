// SPDX-License-Identifier: MIT
/*
 * pci.c - a small PCI/PCIe enumerator (PCI Local Bus 3.0 ch. 6, PCI-to-PCI
 * Bridge 1.2 ch. 3): walks every host bridge the arch offers
 * (kernel/devices.h), through bridges, sizes BARs, and where the firmware
 * did not (arm64 virt booted without firmware) assigns bus numbers, BARs
 * and bridge windows from the host bridge's windows.  Offers capability
 * lookup, BAR mapping, MSI-X (§6.8.2) and legacy INTx with the bridge
 * swizzle (PCI-to-PCI Bridge 1.2 §9.1).  Interface: kernel/pci.h.
 *
 * Two passes per host bridge: enumerate (size BARs, number bridges the
 * firmware left unnumbered), then give every BAR still at 0 an address
 * above what the firmware placed in the host's windows, and bridges whose
 * windows the firmware left shut (or that the kernel numbered) windows
 * around their children.  As Linux does: 64-bit prefetchable BARs go to
 * the 64-bit window when the host has one (above 4 GiB; the 32-bit window
 * when it is full or missing), other memory BARs to the 32-bit window,
 * I/O BARs to the I/O window from port 0x1000 (PCIBIOS_MIN_IO).  Each BAR
 * is aligned to its size, bridge windows to 1 MiB (memory) and 4 KiB (I/O).
 * Every assignment is logged the way Linux logs it.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/pci.h"
#include <arch/cpu.h>
#include "kernel/devices.h"
#include <arch/mmu.h>

#define PCI_PRIMARY_BUS 0x18
#define PCI_SECONDARY_BUS 0x19
#define PCI_SUBORDINATE_BUS 0x1a
#define PCI_IO_BASE 0x1c
#define PCI_MEMORY_BASE 0x20
#define PCI_MEMORY_LIMIT 0x22
#define PCI_PREF_MEMORY_BASE 0x24
#define PCI_PREF_MEMORY_LIMIT 0x26
#define PCI_PREF_BASE_UPPER 0x28
#define PCI_PREF_LIMIT_UPPER 0x2c
#define PCI_BRIDGE_CONTROL 0x3e
#define MSIX_CTRL 2
#define MSIX_TABLE 4
#define MSIX_CTRL_ENABLE 0x8000
#define MSIX_CTRL_MASKALL 0x4000
#define MSIX_ENTRY_CTRL_MASK 1
#define PCI_IO_LIMIT 0x1d
#define PCI_IO_BASE_UPPER 0x30
#define PCI_IO_LIMIT_UPPER 0x32
#define BRIDGE_ALIGN 0x100000
#define BRIDGE_IO_ALIGN 0x1000
#define PCI_MIN_IO 0x1000
#define MAX_DEPTH 8

static struct pci_dev *devices, **tail = &devices;

/* The address spaces BARs are assigned from. */
enum { SP_MEM, SP_PREF64, SP_IO, NSPACES };

/* What is left of one host window, in bus addresses. */
struct space {
	uint64_t next, end;             /* end 0: no such window */
	uint64_t cpu_offset;            /* cpu = bus + offset */
};

/* Per host bridge while enumerating. */
struct walk {
	unsigned host;
	struct arch_pci_host h;
	struct space sp[NSPACES];
	unsigned next_bus;              /* above every bus the firmware numbered */
	unsigned found, assigned;
};

static uint32_t cfg_read(struct walk *w, unsigned bus, unsigned devfn,
			 unsigned off, unsigned size)
{
	return arch_pci_cfg_read(w->host, bus, devfn, off, size);
}

uint8_t pci_read8(struct pci_dev *d, unsigned off)
{
	return (uint8_t)arch_pci_cfg_read(d->host, d->bus, d->devfn, off, 1);
}

uint16_t pci_read16(struct pci_dev *d, unsigned off)
{
	return (uint16_t)arch_pci_cfg_read(d->host, d->bus, d->devfn, off, 2);
}

uint32_t pci_read32(struct pci_dev *d, unsigned off)
{
	return arch_pci_cfg_read(d->host, d->bus, d->devfn, off, 4);
}

void pci_write8(struct pci_dev *d, unsigned off, uint8_t v)
{
	arch_pci_cfg_write(d->host, d->bus, d->devfn, off, 1, v);
}

void pci_write16(struct pci_dev *d, unsigned off, uint16_t v)
{
	arch_pci_cfg_write(d->host, d->bus, d->devfn, off, 2, v);
}

void pci_write32(struct pci_dev *d, unsigned off, uint32_t v)
{
	arch_pci_cfg_write(d->host, d->bus, d->devfn, off, 4, v);
}

struct pci_dev *pci_next(struct pci_dev *after)
{
	return after ? after->next : devices;
}

/* Size BAR i (decoding is off) and note where the firmware put it. */
static unsigned size_bar(struct pci_dev *d, unsigned i)
{
	unsigned off = PCI_BAR0 + 4 * i;
	uint32_t orig = pci_read32(d, off), lo, hi_orig = 0, hi = 0xffffffffu;
	struct pci_bar *b = &d->bar[i];
	uint64_t mask;

	pci_write32(d, off, 0xffffffffu);
	lo = pci_read32(d, off);
	pci_write32(d, off, orig);
	if (!lo || lo == 0xffffffffu)
		return 1;
	b->io = orig & 1;
	if (b->io) {
		mask = lo & ~3u & 0xffffu;
		b->size = mask ? (~mask + 1) & 0xffff : 0;
		b->addr = orig & ~3u;
		return 1;
	}
	b->is64 = ((orig >> 1) & 3) == 2 && i < 5;
	b->prefetch = orig & 8;
	if (b->is64) {
		hi_orig = pci_read32(d, off + 4);
		pci_write32(d, off + 4, 0xffffffffu);
		hi = pci_read32(d, off + 4);
		pci_write32(d, off + 4, hi_orig);
	}
	mask = ((uint64_t)hi << 32 | (lo & ~0xfu));
	if (!b->is64)
		mask |= 0xffffffff00000000ULL;
	b->size = ~mask + 1;
	b->addr = ((uint64_t)hi_orig << 32 | (orig & ~0xfu));
	return b->is64 ? 2 : 1;
}

static void read_bars(struct pci_dev *d, unsigned nbars)
{
	uint16_t cmd = pci_read16(d, PCI_COMMAND);

	pci_write16(d, PCI_COMMAND, cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (unsigned i = 0; i < nbars;)
		i += size_bar(d, i);
	pci_write16(d, PCI_COMMAND, cmd);
}

static struct pci_dev *new_dev(struct walk *w, unsigned bus, unsigned devfn,
			       struct pci_dev *parent)
{
	struct pci_dev *d = kzalloc(sizeof(*d));
	uint32_t class;

	if (!d)
		return NULL;
	d->host = w->host;
	d->segment = w->h.segment;
	d->bus = (uint8_t)bus;
	d->devfn = (uint8_t)devfn;
	d->parent = parent;
	d->vendor = pci_read16(d, PCI_VENDOR_ID);
	d->device = pci_read16(d, PCI_DEVICE_ID);
	class = pci_read32(d, PCI_CLASS_REVISION);
	d->class_code = (uint8_t)(class >> 24);
	d->subclass = (uint8_t)(class >> 16);
	d->prog_if = (uint8_t)(class >> 8);
	d->irq_pin = pci_read8(d, PCI_INTERRUPT_PIN);
	d->irq_line = pci_read8(d, PCI_INTERRUPT_LINE);
	snprintf(d->name, sizeof(d->name), "%04x:%02x:%02x.%u", d->segment, bus,
		 PCI_SLOT(devfn), PCI_FUNC(devfn));
	*tail = d;
	tail = &d->next;
	w->found++;
	return d;
}

static void scan_bus(struct walk *w, unsigned bus, struct pci_dev *parent, int depth);

/*
 * A PCI-to-PCI bridge: follow the bus numbers the firmware gave it, or
 * give it the next free bus number (its window comes in assign_tree).
 */
static void scan_bridge(struct walk *w, struct pci_dev *br, int depth)
{
	unsigned sec = pci_read8(br, PCI_SECONDARY_BUS);

	if (sec > br->bus && sec <= w->h.bus_last) {
		/* Numbered by the firmware; qboot leaves the windows shut. */
		br->own_window = pci_read16(br, PCI_MEMORY_BASE) > pci_read16(br, PCI_MEMORY_LIMIT);
		w->next_bus = MAX(w->next_bus, (unsigned)pci_read8(br, PCI_SUBORDINATE_BUS) + 1);
		scan_bus(w, sec, br, depth + 1);
		return;
	}
	if (w->next_bus > w->h.bus_last)
		return;
	sec = w->next_bus++;
	br->own_window = true;
	pci_write8(br, PCI_PRIMARY_BUS, br->bus);
	pci_write8(br, PCI_SECONDARY_BUS, (uint8_t)sec);
	pci_write8(br, PCI_SUBORDINATE_BUS, w->h.bus_last);
	scan_bus(w, sec, br, depth + 1);
	pci_write8(br, PCI_SUBORDINATE_BUS, (uint8_t)(w->next_bus - 1));
}

static void scan_fn(struct walk *w, unsigned bus, unsigned devfn,
		    struct pci_dev *parent, int depth)
{
	uint8_t type = (uint8_t)cfg_read(w, bus, devfn, PCI_HEADER_TYPE, 1) & 0x7f;
	struct pci_dev *d = new_dev(w, bus, devfn, parent);

	if (!d)
		return;
	if (type == 0) {
		read_bars(d, 6);
	} else if (type == 1) {
		d->bridge = true;
		read_bars(d, 2);
		if (depth < MAX_DEPTH)
			scan_bridge(w, d, depth);
	}
}

static void scan_bus(struct walk *w, unsigned bus, struct pci_dev *parent, int depth)
{
	for (unsigned slot = 0; slot < 32; slot++) {
		for (unsigned fn = 0; fn < 8; fn++) {
			unsigned devfn = slot << 3 | fn;
			uint16_t vendor = (uint16_t)cfg_read(w, bus, devfn, PCI_VENDOR_ID, 2);
			if (vendor == 0xffff || vendor == 0) {
				if (fn == 0)
					break;
				continue;
			}
			scan_fn(w, bus, devfn, parent, depth);
			if (fn == 0 && !(cfg_read(w, bus, devfn, PCI_HEADER_TYPE, 1) & 0x80))
				break; /* not multi-function */
		}
	}
}

/* Take size bytes, aligned to size, from space sp; false when it is full. */
static bool space_take(struct space *sp, uint64_t size, uint64_t *bus)
{
	uint64_t at = ALIGN_UP(sp->next, size);

	if (!sp->end || size > sp->end || at < sp->next || at > sp->end - size)
		return false;
	sp->next = at + size;
	*bus = at;
	return true;
}

/*
 * Whether d's 64-bit BARs may go above 4 GiB: every bridge above it is one
 * this kernel opens, with a 64-bit prefetchable window (firmware-set bridge
 * windows are kept as they are, and they cover only the 32-bit window).
 */
static bool path_has_pref64(struct pci_dev *d)
{
	for (struct pci_dev *br = d->parent; br; br = br->parent)
		if (!br->own_window || (pci_read16(br, PCI_PREF_MEMORY_BASE) & 0xf) != 1)
			return false;
	return true;
}

/* Give unassigned BAR i of d an address, and log it as Linux does. */
static void assign_bar(struct walk *w, struct pci_dev *d, unsigned i)
{
	struct pci_bar *b = &d->bar[i];
	unsigned kind = b->io ? SP_IO :
			b->is64 && b->prefetch && path_has_pref64(d) ? SP_PREF64 : SP_MEM;
	uint64_t bus;

	if (!space_take(&w->sp[kind], b->size, &bus) &&
	    (kind != SP_PREF64 || !space_take(&w->sp[kind = SP_MEM], b->size, &bus))) {
		printk("PCI: %s: no room for BAR %u (%lx bytes)\n", d->name, i,
		       (unsigned long)b->size);
		return;
	}
	if (b->io) {
		pci_write32(d, PCI_BAR0 + 4 * i, (uint32_t)bus | 1);
	} else {
		pci_write32(d, PCI_BAR0 + 4 * i, (uint32_t)bus | (b->is64 ? 4 : 0) |
							  (b->prefetch ? 8 : 0));
		if (b->is64)
			pci_write32(d, PCI_BAR0 + 4 * i + 4, (uint32_t)(bus >> 32));
	}
	b->addr = bus + w->sp[kind].cpu_offset;
	w->assigned++;
	printk("pci %s: BAR %u [%s 0x%lx-0x%lx%s%s]: assigned\n", d->name, i,
	       b->io ? "io " : "mem", (unsigned long)bus, (unsigned long)(bus + b->size - 1),
	       b->is64 ? " 64bit" : "", b->prefetch ? " pref" : "");
}

static void assign_bars(struct walk *w, struct pci_dev *d)
{
	unsigned n = d->bridge ? 2 : 6;

	for (unsigned i = 0; i < n; i++)
		if (d->bar[i].size && !d->bar[i].addr)
			assign_bar(w, d, i);
}

/*
 * Open a bridge's windows around its children: memory [mem, mem_end),
 * 64-bit prefetchable [pref, pref_end), I/O [io, io_end); an empty range
 * shuts that window (base above limit).  Bus addresses.
 */
static void bridge_windows(struct pci_dev *br, const uint64_t start[NSPACES],
			   const uint64_t end[NSPACES])
{
	uint64_t m0 = start[SP_MEM], m1 = end[SP_MEM];
	uint64_t p0 = start[SP_PREF64], p1 = end[SP_PREF64];
	uint64_t i0 = start[SP_IO], i1 = end[SP_IO];

	pci_write16(br, PCI_MEMORY_BASE, m1 > m0 ? (uint16_t)(m0 >> 16) : 0xfff0);
	pci_write16(br, PCI_MEMORY_LIMIT, m1 > m0 ? (uint16_t)((m1 - 1) >> 16) : 0);
	pci_write16(br, PCI_PREF_MEMORY_BASE, p1 > p0 ? (uint16_t)((p0 >> 16) & 0xfff0) : 0xfff0);
	pci_write16(br, PCI_PREF_MEMORY_LIMIT, p1 > p0 ? (uint16_t)(((p1 - 1) >> 16) & 0xfff0) : 0);
	pci_write32(br, PCI_PREF_BASE_UPPER, p1 > p0 ? (uint32_t)(p0 >> 32) : 0);
	pci_write32(br, PCI_PREF_LIMIT_UPPER, p1 > p0 ? (uint32_t)((p1 - 1) >> 32) : 0);
	pci_write8(br, PCI_IO_BASE, i1 > i0 ? (uint8_t)((i0 >> 8) & 0xf0) : 0xf0);
	pci_write8(br, PCI_IO_LIMIT, i1 > i0 ? (uint8_t)(((i1 - 1) >> 8) & 0xf0) : 0);
	pci_write16(br, PCI_IO_BASE_UPPER, 0);
	pci_write16(br, PCI_IO_LIMIT_UPPER, 0);
	pci_write16(br, PCI_COMMAND, pci_read16(br, PCI_COMMAND) | PCI_COMMAND_MEMORY |
				     (i1 > i0 ? PCI_COMMAND_IO : 0) | PCI_COMMAND_MASTER);
}

static const uint64_t space_align[NSPACES] = { BRIDGE_ALIGN, BRIDGE_ALIGN, BRIDGE_IO_ALIGN };

/* Depth first over the functions below parent (the list is in DFS order). */
static void assign_tree(struct walk *w, struct pci_dev *first, struct pci_dev *parent)
{
	for (struct pci_dev *d = first; d; d = d->next) {
		uint64_t start[NSPACES], end[NSPACES];

		if (d->parent != parent)
			continue;
		assign_bars(w, d);
		if (!d->bridge || !d->own_window)
			continue;
		/* Shut while the children are placed, so none sees a stale window. */
		for (unsigned k = 0; k < NSPACES; k++)
			start[k] = end[k] = 0;
		bridge_windows(d, start, end);
		for (unsigned k = 0; k < NSPACES; k++)
			start[k] = w->sp[k].next = ALIGN_UP(w->sp[k].next, space_align[k]);
		assign_tree(w, d->next, d);
		for (unsigned k = 0; k < NSPACES; k++)
			end[k] = w->sp[k].next = ALIGN_UP(w->sp[k].next, space_align[k]);
		bridge_windows(d, start, end);
	}
}

/* Which space a host window feeds, or NSPACES for none. */
static unsigned window_space(const struct arch_pci_window *win)
{
	if (win->kind == PCI_WIN_IO)
		return SP_IO;
	return win->pci + win->size > 0x100000000ULL ? SP_PREF64 : SP_MEM;
}

/* The host's windows, each starting above what the firmware placed in it. */
static void host_windows(struct walk *w, struct pci_dev *first)
{
	for (unsigned i = 0; i < w->h.nwin; i++) {
		struct arch_pci_window *win = &w->h.win[i];
		struct space *sp = &w->sp[window_space(win)];

		if (sp->end || !win->size)
			continue;       /* the first window of a kind serves */
		sp->next = win->pci;
		sp->end = win->pci + win->size;
		sp->cpu_offset = win->cpu - win->pci;
		if (win->kind == PCI_WIN_IO)
			sp->next = MAX(sp->next, (uint64_t)PCI_MIN_IO);
	}
	for (struct pci_dev *d = first; d; d = d->next) {
		for (unsigned i = 0; i < 6; i++) {
			struct pci_bar *b = &d->bar[i];
			for (unsigned k = 0; b->addr && k < NSPACES; k++) {
				struct space *sp = &w->sp[k];
				uint64_t bus = b->addr - sp->cpu_offset;
				if ((k == SP_IO) == b->io && bus >= sp->next && bus < sp->end)
					sp->next = MAX(sp->next, bus + b->size);
			}
		}
	}
}

void pci_init(void)
{
	struct walk w;

	for (unsigned i = 0; arch_pci_host(i, &w.h); i++) {
		struct pci_dev **before = tail;
		w.host = i;
		memset(w.sp, 0, sizeof(w.sp));
		w.next_bus = w.h.bus_first + 1u;
		w.found = w.assigned = 0;
		scan_bus(&w, w.h.bus_first, NULL, 0);
		host_windows(&w, *before);
		assign_tree(&w, *before, NULL);
		printk("PCI: host bridge %u (%s, buses %02x-%02x): %u functions, %u BARs assigned\n",
		       i, w.h.how, w.h.bus_first, w.h.bus_last, w.found, w.assigned);
	}
}

unsigned pci_find_cap(struct pci_dev *d, uint8_t id, unsigned after)
{
	unsigned off, guard = 0;

	if (!(pci_read16(d, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	off = after ? pci_read8(d, after + 1) : pci_read8(d, PCI_CAP_PTR);
	for (; off >= 0x40 && off < 256 && guard < 48; guard++) {
		off &= ~3u;
		if (pci_read8(d, off) == id)
			return off;
		off = pci_read8(d, off + 1);
	}
	return 0;
}

void pci_enable(struct pci_dev *d)
{
	uint16_t cmd = (pci_read16(d, PCI_COMMAND) & ~PCI_COMMAND_IO) |
		       PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;

	/* I/O decoding too where an I/O BAR has a port (Linux pci_enable_device). */
	for (unsigned i = 0; i < 6; i++)
		if (d->bar[i].io && d->bar[i].addr)
			cmd |= PCI_COMMAND_IO;
	pci_write16(d, PCI_COMMAND, cmd);
}

volatile void *pci_bar_map(struct pci_dev *d, unsigned bar, uint64_t off, uint64_t len)
{
	struct pci_bar *b;

	if (bar >= 6)
		return NULL;
	b = &d->bar[bar];
	if (b->io || !b->addr || !b->size || off > b->size || len > b->size - off)
		return NULL;
	return mmu_ioremap(b->addr + off, len);
}

int pci_msix_enable(struct pci_dev *d, unsigned n, void (*const fns[])(void *),
		    void *const args[])
{
	unsigned cap = pci_find_cap(d, PCI_CAP_ID_MSIX, 0);
	uint16_t ctrl;
	uint32_t table;
	volatile uint8_t *t;
	unsigned i;
	int err = 0;

	if (!cap)
		return -ENODEV;
	ctrl = pci_read16(d, cap + MSIX_CTRL);
	table = pci_read32(d, cap + MSIX_TABLE);
	if (n > (ctrl & 0x7ffu) + 1u)
		return -ENOSPC;
	t = pci_bar_map(d, table & 7, table & ~7u, 16 * (uint64_t)n);
	if (!t) {
		printk("PCI: %s: MSI-X table outside its BAR\n", d->name);
		return -EIO;
	}
	/* Enabled with every vector masked while the table is filled. */
	pci_write16(d, cap + MSIX_CTRL, ctrl | MSIX_CTRL_ENABLE | MSIX_CTRL_MASKALL);
	for (i = 0; i < n; i++) {
		uint64_t addr;
		uint32_t data;
		err = arch_msi_alloc(d->host, (uint32_t)d->bus << 8 | d->devfn, fns[i],
				     args[i], &addr, &data);
		if (err)
			break;
		mmio_write32(t + 16 * i, (uint32_t)addr);
		mmio_write32(t + 16 * i + 4, (uint32_t)(addr >> 32));
		mmio_write32(t + 16 * i + 8, data);
		mmio_write32(t + 16 * i + 12, 0); /* unmasked */
	}
	if (err) {
		while (i--) {
			arch_msi_free(mmio_read32(t + 16 * i + 8));
			mmio_write32(t + 16 * i + 12, MSIX_ENTRY_CTRL_MASK);
		}
		pci_write16(d, cap + MSIX_CTRL, ctrl & ~MSIX_CTRL_ENABLE);
		return err;
	}
	pci_write16(d, PCI_COMMAND, pci_read16(d, PCI_COMMAND) | PCI_COMMAND_INTX_DISABLE);
	pci_write16(d, cap + MSIX_CTRL, (ctrl | MSIX_CTRL_ENABLE) & ~MSIX_CTRL_MASKALL);
	return 0;
}

void pci_msix_disable(struct pci_dev *d)
{
	unsigned cap = pci_find_cap(d, PCI_CAP_ID_MSIX, 0);

	if (cap)
		pci_write16(d, cap + MSIX_CTRL,
			    pci_read16(d, cap + MSIX_CTRL) & ~MSIX_CTRL_ENABLE);
}

int pci_intx_register(struct pci_dev *d, void (*fn)(void *), void *arg,
		      unsigned *line)
{
	unsigned pin = d->irq_pin, slot = PCI_SLOT(d->devfn), flags;
	struct pci_dev *at = d;

	if (pin < 1 || pin > 4)
		return -ENODEV;
	/* Swizzle through each bridge up to the root bus. */
	for (; at->parent; at = at->parent) {
		pin = (pin - 1 + PCI_SLOT(at->devfn)) % 4 + 1;
		slot = PCI_SLOT(at->parent->devfn);
	}
	if (!arch_pci_intx(d->host, slot, pin, d->irq_line, line, &flags))
		return -ENODEV;
	pci_write16(d, PCI_COMMAND, pci_read16(d, PCI_COMMAND) & ~PCI_COMMAND_INTX_DISABLE);
	return arch_irq_line_register(*line, flags, fn, arg);
}
