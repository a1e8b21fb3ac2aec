/* SPDX-License-Identifier: MIT */
/*
 * pci.h - PCI and PCI Express functions found at boot (kernel/pci.c):
 * configuration space, BARs, capabilities, MSI-X and legacy interrupts,
 * over whatever configuration mechanism the arch offers (kernel/devices.h).
 *
 * The list is built once by pci_init() and not changed afterwards (no
 * hotplug), so readers need no lock.
 */
#ifndef KERNEL_PCI_H
#define KERNEL_PCI_H

#include "kernel/kernel.h"

/* Configuration header offsets (PCI Local Bus 3.0 §6.1). */
#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_STATUS 0x06
#define PCI_CLASS_REVISION 0x08
#define PCI_HEADER_TYPE 0x0e
#define PCI_BAR0 0x10
#define PCI_SUBSYSTEM_ID 0x2e
#define PCI_CAP_PTR 0x34
#define PCI_INTERRUPT_LINE 0x3c
#define PCI_INTERRUPT_PIN 0x3d
#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_STATUS_CAP_LIST 0x10
#define PCI_CAP_ID_MSIX 0x11
#define PCI_CAP_ID_VNDR 0x09

#define PCI_SLOT(devfn) (((devfn) >> 3) & 31)
#define PCI_FUNC(devfn) ((devfn) & 7)

struct pci_bar {
	uint64_t addr;          /* CPU physical address; 0: not assigned */
	uint64_t size;          /* 0: no BAR here */
	bool io, is64, prefetch;
};

struct pci_dev {
	/* [I] from enumeration */
	unsigned host;                  /* arch host bridge index */
	uint16_t segment;
	uint8_t bus, devfn;
	uint16_t vendor, device;
	uint8_t class_code, subclass, prog_if;
	uint8_t irq_pin;                /* 1-4 INTA-INTD, 0 none */
	uint8_t irq_line;               /* as the firmware left it */
	struct pci_bar bar[6];
	struct pci_dev *parent;         /* the bridge above, NULL on the root bus */
	bool bridge;                    /* a PCI-to-PCI bridge (header type 1) */
	bool own_window;                /* bridge window set by this kernel */
	char name[16];                  /* "0000:00:03.0" */
	struct pci_dev *next;
};

/* Enumerate every host bridge the arch offers (at boot, once). */
void pci_init(void);
/* The functions found: first with NULL, then the one after `after`. */
struct pci_dev *pci_next(struct pci_dev *after);

uint8_t pci_read8(struct pci_dev *d, unsigned off);
uint16_t pci_read16(struct pci_dev *d, unsigned off);
uint32_t pci_read32(struct pci_dev *d, unsigned off);
void pci_write8(struct pci_dev *d, unsigned off, uint8_t v);
void pci_write16(struct pci_dev *d, unsigned off, uint16_t v);
void pci_write32(struct pci_dev *d, unsigned off, uint32_t v);

/* Offset of the next capability with id after offset `after` (0: from
 * the start); 0 when there is none.  Loops in the list end the walk. */
unsigned pci_find_cap(struct pci_dev *d, uint8_t id, unsigned after);
/* Memory decoding and bus mastering on. */
void pci_enable(struct pci_dev *d);
/* Map [off, off + len) of memory BAR `bar`; NULL when it has no such range. */
volatile void *pci_bar_map(struct pci_dev *d, unsigned bar, uint64_t off, uint64_t len);

/*
 * MSI-X (PCI Local Bus 3.0 §6.8.2): program table entries 0..n-1 to call
 * fns[i](args[i]) and enable MSI-X (legacy INTx off).  0, -ENODEV (no
 * MSI-X), -ENOSPC (table too small), -EOPNOTSUPP (no MSI on this platform).
 */
int pci_msix_enable(struct pci_dev *d, unsigned n, void (*const fns[])(void *),
		    void *const args[]);
void pci_msix_disable(struct pci_dev *d);
/* The function's legacy interrupt calls fn(arg) (shared: check your
 * device).  0 or -errno; *line says which platform line it is. */
int pci_intx_register(struct pci_dev *d, void (*fn)(void *), void *arg,
		      unsigned *line);

#endif
