/* SPDX-License-Identifier: MIT */
/*
 * kernel/devices.h - what generic drivers (kernel/pci.c, virtio/) need from
 * the platform: interrupt lines and MSI messages, PCI configuration space
 * and host bridges, and virtio-mmio devices the firmware describes.  Both
 * architectures implement it in arch/<arch>/devices.c.
 */
#ifndef KERNEL_DEVICES_H
#define KERNEL_DEVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- interrupts ------------------------------------------------------- */

#define IRQ_LEVEL 1u            /* level-triggered (else edge) */
#define IRQ_ACTIVE_LOW 2u       /* active low / falling edge */

/*
 * Call fn(arg) when platform interrupt line `line` fires (x86_64: a GSI of
 * an I/O APIC; aarch64: a GIC INTID).  Lines may be shared: every handler
 * registered on a line runs, and each must check whether its device
 * interrupted.  Handlers run with interrupts masked.  0 or -errno.
 */
int arch_irq_line_register(unsigned line, unsigned flags, void (*fn)(void *),
			   void *arg);
/*
 * Allocate a message-signalled interrupt calling fn(arg) for the PCI
 * function with requester ID rid (bus << 8 | devfn) below host bridge
 * `host` (an interrupt translation service tells devices apart by it):
 * the device writes *data to *addr to raise it.  0, -ENOSPC when none is
 * left, -EIO when the controller fails, or -EOPNOTSUPP where the platform
 * has no MSI path.
 */
int arch_msi_alloc(unsigned host, uint32_t rid, void (*fn)(void *), void *arg,
		   uint64_t *addr, uint32_t *data);
/* Give back an MSI from arch_msi_alloc (by its data). */
void arch_msi_free(uint32_t data);

/* ---- PCI -------------------------------------------------------------- */

#define PCI_WIN_IO 0
#define PCI_WIN_MEM 1           /* 32-bit non-prefetchable memory */
#define PCI_WIN_MEM64 2         /* 64-bit memory */

/* A host bridge window: bus addresses [pci, pci + size) at CPU address cpu. */
struct arch_pci_window {
	uint64_t cpu, pci, size;
	unsigned kind;          /* PCI_WIN_* */
};

/*
 * A host bridge.  Bus numbers and BARs the firmware left unassigned (all
 * of them on arm64 virt without firmware; qboot on q35 assigns none) are
 * assigned by kernel/pci.c from the windows, above what the firmware placed.
 */
struct arch_pci_host {
	uint16_t segment;
	uint8_t bus_first, bus_last;
	unsigned nwin;
	struct arch_pci_window win[4];
	const char *how;        /* "ECAM at b0000000", "ports cf8" (boot log) */
};

/* Host bridge i (0, 1, ...): false when there is no such bridge. */
bool arch_pci_host(unsigned i, struct arch_pci_host *h);
/* Configuration space of function devfn on bus `bus` below host bridge
 * `host`; off aligned to size (1, 2 or 4).  All-ones for no function. */
uint32_t arch_pci_cfg_read(unsigned host, unsigned bus, unsigned devfn,
			   unsigned off, unsigned size);
void arch_pci_cfg_write(unsigned host, unsigned bus, unsigned devfn,
			unsigned off, unsigned size, uint32_t v);
/*
 * The platform line (and its flags) for legacy interrupt pin (1-4, INTA-
 * INTD) of slot `slot` on the host's root bus, after the swizzle through
 * any bridges; line_reg is the function's Interrupt Line register as the
 * firmware left it.  false when unknown.
 */
bool arch_pci_intx(unsigned host, unsigned slot, unsigned pin, uint8_t line_reg,
		   unsigned *line, unsigned *flags);

/* ---- virtio-mmio ------------------------------------------------------ */

struct arch_mmio_device {
	uint64_t base, size;
	unsigned irq;           /* platform line for arch_irq_line_register */
	unsigned irq_flags;
};
/* The i-th virtio-mmio transport the firmware describes (x86_64: ACPI
 * "LNRO0005" devices; aarch64: "virtio,mmio" device tree nodes). */
bool arch_virtio_mmio_device(unsigned i, struct arch_mmio_device *d);

#endif
