// SPDX-License-Identifier: MIT
/*
 * devices.c - kernel/devices.h for aarch64, from the device tree: PCI host
 * bridges compatible with "pci-host-ecam-generic" (ECAM, bus-range and the
 * ranges windows: Documentation/devicetree/bindings/pci/host-generic-pci
 * .yaml and the PCI bus binding, IEEE 1275), their legacy interrupts
 * through interrupt-map / interrupt-map-mask (Devicetree Specification
 * v0.4 §2.4.3), and "virtio,mmio" nodes with their SPIs.  Interrupt lines
 * are gic.c's (arch_irq_line_register).
 *
 * MSIs go through a GICv2m frame, or the GICv3 ITS (its.c) with the
 * DeviceID the host bridge's msi-map gives; without either,
 * arch_msi_alloc says -EOPNOTSUPP and virtio-pci falls back to INTx.
 */
#include "kernel/kernel.h"
#include <arch/cpu.h>
#include "kernel/devices.h"
#include <arch/mmu.h>
#include "arch/aarch64/aarch64_internal.h"

#define MAX_HOSTS 4
#define PCI_SPACE(hi) (((hi) >> 24) & 3) /* 1 I/O, 2 32-bit memory, 3 64-bit */

static struct host {
	int node;
	uint64_t ecam;
	uint8_t bus_first, bus_last;
	char how[40];
} hosts[MAX_HOSTS];
static unsigned nhosts;
static bool hosts_probed;

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t cells(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v = v << 32 | be32(p + 4 * i);
	return v;
}

/*
 * GICv2m (QEMU virt with gic-version=2, its default under TCG): a frame
 * whose MSI_SETSPI_NS register raises the SPI written to it, from a range
 * MSI_TYPER (or the node's arm,msi-base-spi / arm,msi-num-spis) names
 * (Linux irq-gic-v2m.c).  Each MSI is one edge-triggered SPI.
 */
#define V2M_MSI_TYPER 0x008
#define V2M_MSI_SETSPI_NS 0x040
#define V2M_MAX_SPIS 64

static struct {
	bool probed, present;
	uint64_t base;
	unsigned first, count;
	bool used[V2M_MAX_SPIS];
} v2m;

static void v2m_probe(void)
{
	int n = dt_find_compatible("arm,gic-v2m-frame", -1);
	uint64_t size;
	uint32_t typer, first, count;

	v2m.probed = true;
	if (n < 0 || !dt_node_ok(n) || !dt_reg(n, 0, &v2m.base, &size) || size < 0x1000)
		return;
	typer = mmio_read32((volatile uint8_t *)mmu_ioremap(v2m.base, 0x1000) + V2M_MSI_TYPER);
	first = (typer >> 16) & 0x3ff;
	count = typer & 0x3ff;
	dt_prop_u32(n, "arm,msi-base-spi", &first);
	dt_prop_u32(n, "arm,msi-num-spis", &count);
	if (first < 32 || !count)
		return;
	v2m.first = first;
	v2m.count = MIN(count, (uint32_t)V2M_MAX_SPIS);
	v2m.present = true;
	printk("GICv2m: MSI frame at %lx, SPIs %u-%u\n", v2m.base, first,
	       first + v2m.count - 1);
}

/* The ITS DeviceID of requester rid: the host's msi-map (PCI msi-map
 * binding: <rid-base its-phandle its-base length>), else rid itself. */
static uint32_t msi_devid(unsigned host, uint32_t rid)
{
	uint32_t len;
	const uint8_t *map = host < nhosts ? dt_prop(hosts[host].node, "msi-map", &len) : NULL;

	for (uint32_t off = 0; map && off + 16 <= len; off += 16) {
		uint32_t base = be32(map + off), out = be32(map + off + 8);
		if (rid >= base && rid - base < be32(map + off + 12))
			return out + (rid - base);
	}
	return rid;
}

int arch_msi_alloc(unsigned host, uint32_t rid, void (*fn)(void *), void *arg,
		   uint64_t *addr, uint32_t *data)
{
	if (!v2m.probed)
		v2m_probe();
	if (!v2m.present)
		return its_msi_alloc(msi_devid(host, rid), fn, arg, addr, data);
	for (unsigned i = 0; i < v2m.count; i++) {
		if (v2m.used[i])
			continue;
		int err = arch_irq_line_register(v2m.first + i, 0, fn, arg);
		if (err)
			return err;
		v2m.used[i] = true;
		*addr = v2m.base + V2M_MSI_SETSPI_NS;
		*data = v2m.first + i;
		return 0;
	}
	return -ENOSPC;
}

/* The SPI stays enabled with its handler; it is not handed out again. */
void arch_msi_free(uint32_t data)
{
}

static void probe_hosts(void)
{
	uint64_t base, size;
	uint32_t len;

	hosts_probed = true;
	for (int n = -1; nhosts < MAX_HOSTS &&
	     (n = dt_find_compatible("pci-host-ecam-generic", n)) >= 0;) {
		const uint8_t *range = dt_prop(n, "bus-range", &len);
		struct host *h = &hosts[nhosts];
		if (!dt_node_ok(n) || !dt_reg(n, 0, &base, &size) || size < (1u << 20))
			continue;
		h->node = n;
		h->ecam = base;
		h->bus_first = range && len == 8 ? (uint8_t)be32(range) : 0;
		h->bus_last = range && len == 8 ? (uint8_t)be32(range + 4) : 255;
		if ((uint64_t)(h->bus_last - h->bus_first + 1) << 20 > size)
			h->bus_last = (uint8_t)(h->bus_first + (size >> 20) - 1);
		snprintf(h->how, sizeof(h->how), "ECAM at %lx", base);
		nhosts++;
	}
}

/* ranges: <pci address (3 cells)> <cpu address> <size> per window. */
static void read_windows(struct host *h, struct arch_pci_host *out)
{
	unsigned pac = 2, psc = 2, ac, sc;
	uint32_t len;
	const uint8_t *p = dt_prop(h->node, "ranges", &len);

	if (!p || !dt_cells(h->node, &ac, &sc) || ac != 3 ||
	    !dt_cells(dt_parent(h->node), &pac, &psc) || pac > 2 || sc > 2)
		return;
	size_t entry = 4 * (ac + pac + sc);
	for (size_t off = 0; off + entry <= len && out->nwin < 4; off += entry) {
		uint32_t hi = be32(p + off);
		struct arch_pci_window *w = &out->win[out->nwin];
		w->pci = cells(p + off + 4, 2);
		w->cpu = cells(p + off + 12, pac);
		w->size = cells(p + off + 12 + 4 * pac, sc);
		w->kind = PCI_SPACE(hi) == 1 ? PCI_WIN_IO :
			  PCI_SPACE(hi) == 2 ? PCI_WIN_MEM : PCI_WIN_MEM64;
		if (PCI_SPACE(hi))
			out->nwin++;
	}
}

bool arch_pci_host(unsigned i, struct arch_pci_host *out)
{
	if (!hosts_probed)
		probe_hosts();
	if (i >= nhosts)
		return false;
	*out = (struct arch_pci_host){ .segment = (uint16_t)i,
				       .bus_first = hosts[i].bus_first,
				       .bus_last = hosts[i].bus_last, .how = hosts[i].how };
	read_windows(&hosts[i], out);
	return true;
}

/* The function's 4 KiB of configuration space, mapped on first use. */
static volatile uint8_t *cfg_at(unsigned host, unsigned bus, unsigned devfn,
				unsigned off, unsigned size)
{
	struct host *h;

	if (host >= nhosts || devfn > 255 || off >= 4096 || (off & (size - 1)))
		return NULL;
	h = &hosts[host];
	if (bus < h->bus_first || bus > h->bus_last)
		return NULL;
	return (volatile uint8_t *)mmu_ioremap(h->ecam + ((uint64_t)(bus - h->bus_first) << 20) +
					       ((uint64_t)devfn << 12), 4096) + off;
}

uint32_t arch_pci_cfg_read(unsigned host, unsigned bus, unsigned devfn,
			   unsigned off, unsigned size)
{
	volatile uint8_t *p = cfg_at(host, bus, devfn, off, size);

	if (!p)
		return 0xffffffffu;
	return size == 1 ? mmio_read8(p) : size == 2 ? mmio_read16(p) : mmio_read32(p);
}

void arch_pci_cfg_write(unsigned host, unsigned bus, unsigned devfn,
			unsigned off, unsigned size, uint32_t v)
{
	volatile uint8_t *p = cfg_at(host, bus, devfn, off, size);

	if (!p)
		return;
	if (size == 1)
		mmio_write8(p, (uint8_t)v);
	else if (size == 2)
		mmio_write16(p, (uint16_t)v);
	else
		mmio_write32(p, v);
}

/*
 * interrupt-map entries: <child unit address (3 cells)> <child interrupt
 * (1 cell: pin 1-4)> <parent phandle> <parent unit address (its
 * #address-cells)> <parent interrupt (its #interrupt-cells: GIC 3)>,
 * matched after masking with interrupt-map-mask.
 */
bool arch_pci_intx(unsigned host, unsigned slot, unsigned pin, uint8_t line_reg,
		   unsigned *line, unsigned *flags)
{
	uint32_t len, mlen, key[4] = { slot << 11, 0, 0, pin }, mask[4];
	const uint8_t *map, *m;

	if (host >= nhosts)
		return false;
	map = dt_prop(hosts[host].node, "interrupt-map", &len);
	m = dt_prop(hosts[host].node, "interrupt-map-mask", &mlen);
	if (!map || !m || mlen != 16)
		return false;
	for (int i = 0; i < 4; i++) {
		mask[i] = be32(m + 4 * i);
		key[i] &= mask[i];
	}
	for (uint32_t off = 0; off + 20 <= len;) {
		int gic = dt_find_phandle(be32(map + off + 16));
		uint32_t pac = 0, pic = 0;
		if (gic < 0 || !dt_prop_u32(gic, "#interrupt-cells", &pic) || pic != 3)
			return false;
		dt_prop_u32(gic, "#address-cells", &pac);
		uint32_t entry = 4 * (5 + pac + pic);
		if (pac > 2 || off + entry > len)
			return false;
		bool match = true;
		for (int i = 0; i < 4; i++)
			match &= (be32(map + off + 4 * i) & mask[i]) == key[i];
		if (match) {
			const uint8_t *spec = map + off + 20 + 4 * pac;
			uint32_t type = be32(spec), num = be32(spec + 4), trig = be32(spec + 8);
			if (type != 0 || num >= 988)
				return false;
			*line = 32 + num;
			*flags = (trig & 0xc) ? IRQ_LEVEL : 0;
			return true;
		}
		off += entry;
	}
	return false;
}

/* "virtio,mmio" nodes, in device tree order (the order Linux probes). */
bool arch_virtio_mmio_device(unsigned i, struct arch_mmio_device *d)
{
	int n = -1;
	uint32_t len;

	for (;;) {
		n = dt_find_compatible("virtio,mmio", n);
		if (n < 0)
			return false;
		if (dt_node_ok(n) && i-- == 0)
			break;
	}
	const uint8_t *irqs = dt_prop(n, "interrupts", &len);
	if (!dt_reg(n, 0, &d->base, &d->size) || !dt_irq(n, 0, &d->irq) || !irqs || len < 12) {
		printk("dtb: %s: no usable reg or interrupts\n", dt_node_name(n));
		d->size = 0; /* the transport refuses it and goes on */
		return true;
	}
	d->irq_flags = (be32(irqs + 8) & 0xc) ? IRQ_LEVEL : 0;
	return true;
}
