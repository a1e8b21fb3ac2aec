// SPDX-License-Identifier: MIT
/*
 * devices.c - kernel/devices.h for x86_64: PCI configuration space through
 * the ECAM the ACPI MCFG table names (q35; PCI Express Base 5.0 §7.2.2) or
 * through ports 0xcf8/0xcfc (pc; PCI Local Bus 3.0 §3.2.2.3.2); legacy
 * PCI interrupts from the Interrupt Line register the firmware programmed;
 * virtio-mmio devices from the DSDT (microvm).  Interrupt lines and MSIs
 * are apic.c's.
 *
 * SeaBIOS assigns BARs; qboot does not.  Without an AML interpreter for
 * the host bridge's _CRS, the windows offered for what is left unassigned
 * are QEMU's (hw/pci-host/q35.c, hw/i386/pc.c): the 32-bit PCI hole from
 * above low RAM and the ECAM up to the I/O APIC at 0xfec00000; the 64-bit
 * hole from the first GiB boundary above RAM (and 4 GiB), 32 GiB long
 * (pci-hole64-size; a machine with hot-pluggable memory places it higher,
 * and is not handled), cut to the CPU's physical address width; and the
 * I/O ports above the legacy ones.
 */
#include "kernel/kernel.h"
#include <arch/cpu.h>
#include "kernel/devices.h"
#include <arch/mmu.h>
#include "arch/x86_64/x86_internal.h"

#define PCI_CONF_ADDR 0xcf8
#define PCI_CONF_DATA 0xcfc

#define MAX_HOSTS 4

static struct host {
	uint64_t ecam;          /* 0: configuration ports */
	uint16_t segment;
	uint8_t bus_first, bus_last;
	char how[40];
} hosts[MAX_HOSTS];
static unsigned nhosts;
static bool hosts_probed;

/* The configuration mechanism #1 ports answer (Linux pci_check_type1). */
static bool ports_present(void)
{
	uint32_t saved = inl(PCI_CONF_ADDR), v;

	outl(PCI_CONF_ADDR, 0x80000000u);
	v = inl(PCI_CONF_ADDR);
	outl(PCI_CONF_ADDR, saved);
	return v == 0x80000000u;
}

#define PCI_HOLE_END 0xfec00000ULL
#define PCI_HOLE64_SIZE (32ULL << 30)
#define PCI_IO_FIRST 0x1000
#define PCI_IO_END 0x10000

static uint64_t hole_start;

/* Physical address width (CPUID 0x80000008 EAX[7:0]; 36 without the leaf). */
static unsigned cpu_phys_bits(void)
{
	uint32_t r[4];

	cpuid(0x80000000, 0, r);
	if (r[0] < 0x80000008)
		return 36;
	cpuid(0x80000008, 0, r);
	return MIN(r[0] & 0xff, 52u);
}

static void probe_hosts(void)
{
	uint64_t base;
	uint16_t seg;
	uint8_t first, last;

	hosts_probed = true;
	for (unsigned i = 0; nhosts < MAX_HOSTS && acpi_mcfg(i, &base, &seg, &first, &last); i++) {
		struct host *h = &hosts[nhosts++];
		*h = (struct host){ base, seg, first, last, "" };
		snprintf(h->how, sizeof(h->how), "ECAM at %lx", base);
		if (base < PCI_HOLE_END)
			hole_start = MAX(hole_start, base + ((uint64_t)(last - first + 1) << 20));
	}
	hole_start = ALIGN_UP(MAX(hole_start, ram_top_below_4g()), 0x100000ULL);
	if (!nhosts && ports_present()) {
		hosts[0] = (struct host){ 0, 0, 0, 255, "ports cf8/cfc" };
		nhosts = 1;
	}
}

bool arch_pci_host(unsigned i, struct arch_pci_host *out)
{
	if (!hosts_probed)
		probe_hosts();
	if (i >= nhosts)
		return false;
	*out = (struct arch_pci_host){
		.segment = hosts[i].segment, .bus_first = hosts[i].bus_first,
		.bus_last = hosts[i].bus_last, .how = hosts[i].how,
	};
	if (i != 0)
		return true;
	if (hole_start < PCI_HOLE_END)
		out->win[out->nwin++] = (struct arch_pci_window){
			hole_start, hole_start, PCI_HOLE_END - hole_start, PCI_WIN_MEM };
	out->win[out->nwin++] = (struct arch_pci_window){
		PCI_IO_FIRST, PCI_IO_FIRST, PCI_IO_END - PCI_IO_FIRST, PCI_WIN_IO };
	uint64_t start = ALIGN_UP(MAX(ram_top_all(), 0x100000000ULL), 1ULL << 30);
	uint64_t limit = 1ULL << cpu_phys_bits();
	if (start < limit)
		out->win[out->nwin++] = (struct arch_pci_window){
			start, start, MIN(PCI_HOLE64_SIZE, limit - start), PCI_WIN_MEM64 };
	return true;
}

static volatile uint8_t *ecam_at(struct host *h, unsigned bus, unsigned devfn,
				 unsigned off)
{
	uint64_t pa = h->ecam + ((uint64_t)(bus - h->bus_first) << 20) +
		      ((uint64_t)devfn << 12) + off;

	return mmu_ioremap(pa, 4);
}

uint32_t arch_pci_cfg_read(unsigned host, unsigned bus, unsigned devfn,
			   unsigned off, unsigned size)
{
	struct host *h = &hosts[host];

	if (host >= nhosts || bus < h->bus_first || bus > h->bus_last || devfn > 255 ||
	    off >= 4096 || (off & (size - 1)))
		return 0xffffffffu;
	if (h->ecam) {
		volatile uint8_t *p = ecam_at(h, bus, devfn, off);
		return size == 1 ? mmio_read8(p) : size == 2 ? mmio_read16(p) : mmio_read32(p);
	}
	if (off >= 256)
		return 0xffffffffu;
	outl(PCI_CONF_ADDR, 0x80000000u | bus << 16 | devfn << 8 | (off & 0xfc));
	if (size == 1)
		return inb((uint16_t)(PCI_CONF_DATA + (off & 3)));
	if (size == 2)
		return inw((uint16_t)(PCI_CONF_DATA + (off & 2)));
	return inl(PCI_CONF_DATA);
}

void arch_pci_cfg_write(unsigned host, unsigned bus, unsigned devfn,
			unsigned off, unsigned size, uint32_t v)
{
	struct host *h = &hosts[host];

	if (host >= nhosts || bus < h->bus_first || bus > h->bus_last || devfn > 255 ||
	    off >= 4096 || (off & (size - 1)))
		return;
	if (h->ecam) {
		volatile uint8_t *p = ecam_at(h, bus, devfn, off);
		if (size == 1)
			mmio_write8(p, (uint8_t)v);
		else if (size == 2)
			mmio_write16(p, (uint16_t)v);
		else
			mmio_write32(p, v);
		return;
	}
	if (off >= 256)
		return;
	outl(PCI_CONF_ADDR, 0x80000000u | bus << 16 | devfn << 8 | (off & 0xfc));
	if (size == 1)
		outb((uint16_t)(PCI_CONF_DATA + (off & 3)), (uint8_t)v);
	else if (size == 2)
		outw((uint16_t)(PCI_CONF_DATA + (off & 2)), (uint16_t)v);
	else
		outl(PCI_CONF_DATA, v);
}

/*
 * Without an AML interpreter for _PRT, the routing is QEMU's: on q35 the
 * DSDT sends root-bus slot s, pin p to link GSIE-GSIH, I/O APIC inputs
 * 20-23, level-triggered, active high (hw/i386/acpi-build.c,
 * build_q35_pci0_int; what Linux uses in APIC mode).  On pc the BIOS
 * routes the PIIX links to ISA IRQs and writes the Interrupt Line register
 * (Linux "pci=noacpi" trusts it too).
 */
bool arch_pci_intx(unsigned host, unsigned slot, unsigned pin, uint8_t line_reg,
		   unsigned *line, unsigned *flags)
{
	bool low, level;

	*flags = IRQ_LEVEL;
	if (host < nhosts && hosts[host].ecam) {
		if (slot >= 0x18)
			return false; /* the ICH9 functions' own routing */
		*line = 20 + (slot + pin - 1) % 4;
		return true;
	}
	if (line_reg == 0 || line_reg == 0xff)
		return false;
	if (line_reg < 16) {
		*line = acpi_isa_gsi(line_reg, &low, &level);
		if (low)
			*flags |= IRQ_ACTIVE_LOW;
	} else {
		*line = line_reg;
	}
	return true;
}

bool arch_virtio_mmio_device(unsigned i, struct arch_mmio_device *d)
{
	return acpi_virtio_mmio(i, &d->base, &d->size, &d->irq, &d->irq_flags);
}
