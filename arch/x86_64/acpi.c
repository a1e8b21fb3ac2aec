// SPDX-License-Identifier: MIT
/*
 * acpi.c - the ACPI tables this kernel needs: FADT (power-off through S5,
 * reset register, PM timer), MADT (local APIC, I/O APICs, ISA overrides),
 * MCFG (PCI Express ECAM, PCI Firmware Spec 3.2 §4.1.2), the \_S5 package
 * from the DSDT, and the DSDT's virtio-mmio devices (QEMU microvm).  The RSDP comes from the PVH start
 * info, else from the EBDA / BIOS area search (ACPI 6.4 §5.2.5.1).  Tables
 * are checked (signature, length, checksum) before use.
 */
#include "kernel/kernel.h"
#include <arch/cpu.h>
#include <arch/mmu.h>
#include "arch/x86_64/acpi_spec.h"
#include "arch/x86_64/x86_internal.h"

static struct acpi_fadt *fadt;
static struct acpi_madt *madt;
static struct acpi_header *mcfg, *dsdt;
static uint8_t s5_typa, s5_typb;
static bool have_s5;

static bool checksum_ok(const void *p, size_t n)
{
	uint8_t sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += ((const uint8_t *)p)[i];
	return sum == 0;
}

static struct acpi_rsdp *rsdp_scan(uint64_t start, uint64_t len)
{
	for (uint64_t a = start; a + sizeof(struct acpi_rsdp) <= start + len; a += 16) {
		struct acpi_rsdp *r = phys_to_virt(a);
		if (!memcmp(r->sig, "RSD PTR ", 8) && checksum_ok(r, 20))
			return r;
	}
	return NULL;
}

static struct acpi_header *table_at(uint64_t pa)
{
	struct acpi_header *h;

	if (!pa || pa >= 0x100000000UL)
		return NULL;
	h = phys_to_virt(pa);
	if (h->length < sizeof(*h) || h->length > 0x1000000 ||
	    !checksum_ok(h, h->length))
		return NULL;
	return h;
}

/* \_S5_ Package { SLP_TYPa, SLP_TYPb, ... } in AML (ACPI 6.4 §7.4.2). */
static void find_s5(struct acpi_header *dsdt)
{
	uint8_t *p = (uint8_t *)dsdt, *end = p + dsdt->length;

	for (p += sizeof(*dsdt); p + 12 < end; p++) {
		if (memcmp(p, "_S5_", 4) || p[4] != 0x12)
			continue;
		uint8_t *q = p + 5;
		q += ((*q >> 6) & 3) + 1; /* PkgLength */
		q++;                      /* NumElements */
		uint8_t v[2] = { 0, 0 };
		for (int i = 0; i < 2 && q + 1 < end; i++) {
			if (*q == 0x0a) { /* BytePrefix */
				v[i] = q[1];
				q += 2;
			} else { /* ZeroOp or OneOp */
				v[i] = *q == 0x01;
				q++;
			}
		}
		s5_typa = v[0];
		s5_typb = v[1];
		have_s5 = true;
		return;
	}
}

static void scan_tables(struct acpi_rsdp *r)
{
	bool x = r->revision >= 2 && r->xsdt;
	struct acpi_header *root = table_at(x ? r->xsdt : r->rsdt);
	size_t esz = x ? 8 : 4;

	if (!root)
		return;
	for (size_t off = sizeof(*root); off + esz <= root->length; off += esz) {
		uint64_t pa = 0;
		memcpy(&pa, (char *)root + off, esz);
		struct acpi_header *h = table_at(pa);
		if (!h)
			continue;
		if (!memcmp(h->sig, "FACP", 4))
			fadt = (struct acpi_fadt *)h;
		else if (!memcmp(h->sig, "APIC", 4))
			madt = (struct acpi_madt *)h;
		else if (!memcmp(h->sig, "MCFG", 4))
			mcfg = h;
	}
	if (fadt) {
		dsdt = table_at(fadt->dsdt);
		if (dsdt)
			find_s5(dsdt);
	}
}

void acpi_init(uint64_t rsdp_phys)
{
	struct acpi_rsdp *r = NULL;

	if (rsdp_phys)
		r = phys_to_virt(rsdp_phys);
	if (!r || memcmp(r->sig, "RSD PTR ", 8)) {
		uint64_t ebda = (uint64_t)*(uint16_t *)phys_to_virt(0x40e) << 4;
		r = ebda ? rsdp_scan(ebda, 1024) : NULL;
		if (!r)
			r = rsdp_scan(0xe0000, 0x20000);
	}
	if (!r) {
		printk("ACPI: no RSDP\n");
		return;
	}
	scan_tables(r);
	printk("ACPI: RSDP %lx%s%s%s%s\n", virt_to_phys(r), fadt ? " FACP" : "",
	       madt ? " APIC" : "", mcfg ? " MCFG" : "", have_s5 ? " _S5" : "");
}

uint64_t acpi_lapic_base(void)
{
	return madt ? madt->lapic_addr : 0xfee00000;
}

static void *madt_find(uint8_t type, void *after)
{
	uint8_t *p, *end;

	if (!madt)
		return NULL;
	p = after ? (uint8_t *)after + ((uint8_t *)after)[1] : madt->entries;
	end = (uint8_t *)madt + madt->h.length;
	for (; p + 2 <= end && p[1] >= 2 && p + p[1] <= end; p += p[1])
		if (p[0] == type)
			return p;
	return NULL;
}

/* I/O APIC i: its registers and first GSI; without a MADT, the usual one. */
bool acpi_ioapic(unsigned i, uint64_t *addr, unsigned *gsi_base)
{
	struct madt_ioapic *io = madt_find(MADT_IOAPIC, NULL);

	if (!madt && i == 0) {
		*addr = 0xfec00000;
		*gsi_base = 0;
		return true;
	}
	for (; io && i; i--)
		io = madt_find(MADT_IOAPIC, io);
	if (!io)
		return false;
	*addr = io->addr;
	*gsi_base = io->gsi_base;
	return true;
}

/* MCFG allocation i: ECAM base, segment and bus range. */
bool acpi_mcfg(unsigned i, uint64_t *base, uint16_t *segment, uint8_t *bus_first,
	       uint8_t *bus_last)
{
	size_t off = sizeof(struct acpi_header) + 8 + (size_t)i * sizeof(struct mcfg_entry);
	struct mcfg_entry e;

	if (!mcfg || off + sizeof(e) > mcfg->length)
		return false;
	memcpy(&e, (char *)mcfg + off, sizeof(e));
	if (e.bus_last < e.bus_first || !e.base)
		return false;
	*base = e.base;
	*segment = e.segment;
	*bus_first = e.bus_first;
	*bus_last = e.bus_last;
	return true;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * The i-th virtio-mmio device in the DSDT.  QEMU microvm describes each as
 * Device { Name (_HID, "LNRO0005") ... Name (_CRS, ResourceTemplate {
 * Memory32Fixed (base, size); Interrupt (level/edge, polarity) { gsi } }) }
 * (hw/i386/acpi-microvm.c).  Without an AML interpreter, the resource
 * descriptors (ACPI 6.4 §6.4.3.4, §6.4.3.6) are looked for between this
 * _HID and the next device's: a pattern match on the encoding QEMU uses.
 */
bool acpi_virtio_mmio(unsigned i, uint64_t *base, uint64_t *size, unsigned *gsi,
		      unsigned *flags)
{
	static const char hid[] = "\x0dLNRO0005"; /* StringPrefix "LNRO0005" NUL */
	const uint8_t *p, *end, *q, *next;
	bool have_mem = false, have_irq = false;

	if (!dsdt)
		return false;
	p = (const uint8_t *)dsdt + sizeof(*dsdt);
	end = (const uint8_t *)dsdt + dsdt->length;
	for (;; p++) {
		p = memchr(p, 0x0d, (size_t)(end - p));
		if (!p || end - p < (long)sizeof(hid))
			return false;
		if (memcmp(p, hid, sizeof(hid)))
			continue;
		if (i-- == 0)
			break;
	}
	for (next = p + sizeof(hid); next + sizeof(hid) <= end; next++)
		if (!memcmp(next, hid, sizeof(hid)))
			break;
	for (q = p + sizeof(hid); q + 12 <= next && !(have_mem && have_irq); q++) {
		if (!have_mem && q[0] == 0x86 && q[1] == 9 && q[2] == 0) {
			*base = le32(q + 4);
			*size = le32(q + 8);
			have_mem = true;
			q += 11;
		} else if (!have_irq && q[0] == 0x89 && q[1] >= 6 && q[2] == 0 &&
			   q[4] >= 1) {
			*gsi = le32(q + 5);
			*flags = (q[3] & 2 ? 0 : 1) | (q[3] & 4 ? 2 : 0); /* edge?, low? */
			have_irq = true;
			q += 8;
		}
	}
	return have_mem && have_irq;
}

unsigned acpi_isa_gsi(unsigned irq, bool *active_low, bool *level)
{
	*active_low = false;
	*level = false;
	for (struct madt_iso *s = madt_find(MADT_ISO, NULL); s;
	     s = madt_find(MADT_ISO, s)) {
		if (s->source != irq)
			continue;
		*active_low = (s->flags & 3) == 3;
		*level = ((s->flags >> 2) & 3) == 3;
		return s->gsi;
	}
	return irq;
}

uint16_t acpi_pm_timer_port(void)
{
	return fadt ? (uint16_t)fadt->pm_tmr : 0;
}

/* The CMOS registers the FADT names for the century and the day and
 * month alarms; 0: none. */
uint8_t acpi_rtc_century(void)
{
	return fadt ? fadt->century : 0;
}

uint8_t acpi_rtc_day_alarm(void)
{
	return fadt ? fadt->day_alrm : 0;
}

uint8_t acpi_rtc_month_alarm(void)
{
	return fadt ? fadt->mon_alrm : 0;
}

bool acpi_pm_timer_32bit(void)
{
	return fadt && (fadt->flags & FADT_TMR_VAL_EXT);
}

static void gas_write(struct acpi_gas *g, uint64_t v)
{
	if (g->space == 1)
		outb((uint16_t)g->addr, (uint8_t)v);
	else if (g->space == 0 && g->addr)
		*(volatile uint8_t *)mmu_ioremap(g->addr, 1) = (uint8_t)v;
}

void arch_power_off(void)
{
	arch_irq_disable();
	if (fadt && (fadt->flags & FADT_HW_REDUCED) && fadt->h.length >= 244) {
		/* QEMU's GED (microvm) lists no \_S5; its S5 type is 5. */
		uint8_t typ = have_s5 ? s5_typa : 5;
		gas_write(&fadt->sleep_control, ((typ & 7) << 2) | (1 << 5));
	} else if (fadt && have_s5) {
		outw((uint16_t)fadt->pm1a_cnt, (uint16_t)((s5_typa << 10) | (1 << 13)));
		if (fadt->pm1b_cnt)
			outw((uint16_t)fadt->pm1b_cnt,
			     (uint16_t)((s5_typb << 10) | (1 << 13)));
	}
	for (volatile long i = 0; i < 50000000; i++) /* QEMU stops us meanwhile */
		;
	printk("reboot: power off failed; halting\n");
	for (;;)
		__asm__ volatile("hlt");
}

void arch_restart(void)
{
	arch_irq_disable();
	if (fadt && (fadt->flags & FADT_RESET_REG_SUP) && fadt->h.length >= 129)
		gas_write(&fadt->reset_reg, fadt->reset_value);
	outb(0xcf9, 0x06); /* PCI reset control: hard reset */
	outb(0x64, 0xfe);  /* 8042 pulse reset line */
	for (;;)
		__asm__ volatile("hlt");
}
