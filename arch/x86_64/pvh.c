// SPDX-License-Identifier: MIT
/*
 * pvh.c - x86_64 platform bring-up from the PVH start info (Xen
 * arch-x86/hvm/start_info.h, version 1): command line, initrd module,
 * memory map and RSDP; then descriptor tables, interrupts and clocks.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include <arch/cpu.h>
#include <arch/mmu.h>
#include "arch/x86_64/x86_internal.h"

#define HVM_START_MAGIC 0x336ec578

struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr;
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr, size, cmdline_paddr, reserved;
};

struct hvm_memmap_entry {
	uint64_t addr, size;
	uint32_t type, reserved;
};

#define KERNEL_VMA 0xffffffff80000000UL
extern char _kernel_end[];

struct boot_info boot_info;
static char cmdline_buf[2048];
static uint64_t rsdp_phys;

/* Only the first GiB is mapped until paging_init; boot data lives there. */
static void *boot_ptr(uint64_t pa, uint64_t len)
{
	if (!pa || pa + len > 0x40000000UL || pa + len < pa)
		return NULL;
	return phys_to_virt(pa);
}

static uint64_t low_ram_top; /* end of the highest RAM below 4 GiB */
static uint64_t all_ram_top;  /* end of the highest RAM */

/* The RAM entries of the memory map, for the direct map's cacheability. */
static struct {
	uint64_t start, end;
} ram[128];
static int nram;

bool ram_range(int i, uint64_t *start, uint64_t *end)
{
	if (i >= nram)
		return false;
	*start = ram[i].start;
	*end = ram[i].end;
	return true;
}

/*
 * A RAM entry of the memory map; one past what the table holds is left out
 * (logged), so the allocator never hands out a page the direct map does not
 * map write-back.
 */
static bool add_ram(uint64_t start, uint64_t end)
{
	if (end <= start)
		return false;
	if (nram == (int)ARRAY_SIZE(ram)) {
		printk("pvh: RAM [%lx, %lx) ignored: too many memory map entries\n", start, end);
		return false;
	}
	ram[nram].start = start;
	ram[nram++].end = end;
	page_add_range(start, end);
	return true;
}

uint64_t ram_top_below_4g(void)
{
	return low_ram_top;
}

uint64_t ram_top_all(void)
{
	return all_ram_top;
}

static uint64_t read_memmap(struct hvm_start_info *si)
{
	struct hvm_memmap_entry *m = NULL;
	uint64_t top = 0;

	if (si->version >= 1)
		m = boot_ptr(si->memmap_paddr, si->memmap_entries * sizeof(*m));
	if (!m)
		panic("pvh: no memory map in the start info");
	for (uint32_t i = 0; i < si->memmap_entries; i++) {
		if (m[i].type != 1 || /* E820 RAM */
		    !add_ram(m[i].addr, m[i].addr + m[i].size))
			continue;
		top = MAX(top, m[i].addr + m[i].size);
		if (m[i].addr < 0x100000000ULL)
			low_ram_top = MAX(low_ram_top, MIN(m[i].addr + m[i].size,
							   0x100000000ULL));
	}
	all_ram_top = top;
	return top;
}

void arch_early_init(uint64_t si_phys)
{
	struct hvm_start_info *si = boot_ptr(si_phys, sizeof(*si));
	uint64_t initrd_pa = 0, ram_top;

	serial_early_init();
	if (!si || si->magic != HVM_START_MAGIC)
		panic("pvh: bad start info at %lx", si_phys);
	const char *cl = boot_ptr(si->cmdline_paddr, 1);
	if (cl)
		strlcpy(cmdline_buf, cl, sizeof(cmdline_buf));
	boot_info.cmdline = cmdline_buf;
	rsdp_phys = si->rsdp_paddr;
	ram_top = read_memmap(si);
	page_init_above((uint64_t)_kernel_end - KERNEL_VMA);
	page_reserve(si_phys, si_phys + sizeof(*si));
	if (si->nr_modules) {
		struct hvm_modlist_entry *mod =
			boot_ptr(si->modlist_paddr, sizeof(*mod));
		if (mod && mod->size) {
			initrd_pa = mod->paddr;
			boot_info.initrd_size = mod->size;
			page_reserve(initrd_pa, initrd_pa + mod->size);
		}
	}
	paging_init(ram_top);
	if (initrd_pa)
		boot_info.initrd = phys_to_virt(initrd_pa);
}

void arch_init(void)
{
	gdt_init();
	idt_init();
	syscall_init();
	fpu_init();
	acpi_init(rsdp_phys);
	kvm_detect();
	apic_init();
	kvm_pv_init();
	clock_init();
}

/* Boot-time services that need the tty layer. */
void arch_devices_init(void)
{
	serial_init();
	rtc_cmos_init();
}
