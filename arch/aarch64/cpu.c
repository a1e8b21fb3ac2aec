// SPDX-License-Identifier: MIT
/*
 * cpu.c - aarch64 platform bring-up from the device tree (Devicetree
 * Specification v0.4; Linux Documentation/arm64/booting.rst): console,
 * memory, /chosen (bootargs, linux,initrd-start/-end), then the interrupt
 * controller, timer, RTC and PSCI; and what the CPU's ID registers say
 * (AT_HWCAP, RNDR).
 *
 * A device tree that fails validation is reported and not used; the
 * kernel then assumes QEMU virt's layout for the console and carries on as
 * far as it can without memory or an initramfs it can trust.
 */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include <arch/abi.h>
#include <arch/cpu.h>
#include <arch/mmu.h>
#include "arch/aarch64/aarch64_internal.h"

#define VIRT_RAM_BASE 0x40000000UL /* QEMU virt, when the DT cannot say */
#define FALLBACK_RAM (128UL << 20)
#define RAM_LIMIT (1UL << 46) /* the direct map's reach (64 TiB), well below KERNEL_VMA */

extern char _kernel_start[], _kernel_end[];

struct boot_info boot_info;
uint64_t boot_el; /* set by boot.S */
static char cmdline_buf[2048];

static struct {
	uint64_t start, end;
} ram[16];
static int nram;

bool ram_range(int i, uint64_t *start, uint64_t *end)
{
	if (i >= nram)
		return false;
	*start = ram[i].start;
	*end = ram[i].end;
	return true;
}

bool ram_contains(uint64_t pa, uint64_t len)
{
	for (int i = 0; i < nram; i++)
		if (pa >= ram[i].start && pa < ram[i].end && len <= ram[i].end - pa)
			return true;
	return false;
}

static void add_ram(uint64_t start, uint64_t end)
{
	if (end > RAM_LIMIT) {
		printk("dtb: memory above %lx ignored\n", RAM_LIMIT);
		end = RAM_LIMIT;
	}
	start = ALIGN_UP(start, PAGE_SIZE);
	end = ALIGN_DOWN(end, PAGE_SIZE);
	if (end <= start || nram == (int)ARRAY_SIZE(ram))
		return;
	ram[nram].start = start;
	ram[nram++].end = end;
	page_add_range(start, end);
}

static uint64_t dtb_phys;

/* The blob must lie in memory the boot map covers as normal memory. */
bool dt_init(uint64_t pa)
{
	dtb_phys = pa;
	if (pa < VIRT_RAM_BASE || pa >= EARLY_MAP_TOP || (pa & 7))
		return dt_parse(NULL, 0);
	return dt_parse(phys_to_virt(pa), MIN(EARLY_MAP_TOP - pa, (uint64_t)DT_MAX_SIZE));
}

/* Keep the blob (queries read it for good) and honour /memreserve/. */
void dt_reserve(void)
{
	uint64_t addr, size;

	if (!dt_valid())
		return;
	page_reserve(dtb_phys, dtb_phys + dt_blob_size());
	for (unsigned i = 0; dt_memreserve(i, &addr, &size); i++)
		if (addr + size > addr)
			page_reserve(addr, addr + size);
}

static void read_memory(void)
{
	uint64_t base, size;

	for (int n = -1; (n = dt_find_device_type("memory", n)) >= 0;) {
		if (!dt_node_ok(n))
			continue;
		for (int i = 0; dt_reg(n, i, &base, &size); i++)
			if (base + size > base)
				add_ram(base, base + size);
	}
	if (!nram) {
		printk("dtb: no usable memory node; assuming %lu MiB after the kernel\n",
		       FALLBACK_RAM >> 20);
		add_ram(kernel_phys_base, kernel_phys_base + FALLBACK_RAM);
	}
}

/* linux,initrd-start/-end are one or two cells each (chosen.txt). */
static bool chosen_addr(int chosen, const char *name, uint64_t *out)
{
	uint32_t len;
	const uint8_t *p = dt_prop(chosen, name, &len);

	if (!p || (len != 4 && len != 8))
		return false;
	*out = 0;
	for (uint32_t i = 0; i < len; i++)
		*out = (*out << 8) | p[i];
	return true;
}

static void read_chosen(uint64_t *initrd_pa, uint64_t *initrd_size)
{
	int chosen = dt_find_path("/chosen");
	uint64_t start, end;
	uint32_t len;
	const char *args;

	boot_info.cmdline = cmdline_buf;
	if (chosen < 0)
		return;
	args = dt_prop(chosen, "bootargs", &len);
	if (args && len) {
		size_t n = MIN((size_t)len, sizeof(cmdline_buf) - 1);
		memcpy(cmdline_buf, args, n);
		cmdline_buf[strnlen(cmdline_buf, n)] = 0;
	}
	if (!chosen_addr(chosen, "linux,initrd-start", &start) ||
	    !chosen_addr(chosen, "linux,initrd-end", &end))
		return;
	if (end <= start || !ram_contains(start, end - start)) {
		printk("dtb: initrd [%lx, %lx) is not in RAM; ignored\n", start, end);
		return;
	}
	*initrd_pa = start;
	*initrd_size = end - start;
}

void arch_early_init(uint64_t dtb_pa)
{
	uint64_t initrd_pa = 0, initrd_size = 0;
	uint64_t kernel_end = kernel_phys_base + (uint64_t)(_kernel_end - _kernel_start);
	bool dt = dt_init(dtb_pa);

	serial_early_init();
	if (!dt)
		printk("dtb: no usable device tree at %lx: %s\n", dtb_pa, dt_error());
	read_memory();
	read_chosen(&initrd_pa, &initrd_size);
	page_init_above(kernel_end);
	dt_reserve();
	if (initrd_pa)
		page_reserve(initrd_pa, initrd_pa + initrd_size);
	paging_init();
	if (initrd_pa) {
		boot_info.initrd = phys_to_virt(initrd_pa);
		boot_info.initrd_size = initrd_size;
	}
}

void arch_init(void)
{
	printk("CPU: MIDR %08lx, entered at EL%lu, running at EL1\n",
	       read_sysreg(midr_el1), boot_el);
	gic_init();
	clock_init();
	rtc_init();
	psci_init();
	pv_time_init();
}

/* Boot-time services that need the tty layer. */
void arch_devices_init(void)
{
	serial_init();
	rtc_pl031_init();
}

/* AT_HWCAP bits (arch/arm64/include/uapi/asm/hwcap.h) from the ID registers. */
#define HWCAP_FP (1UL << 0)
#define HWCAP_ASIMD (1UL << 1)
#define HWCAP_AES (1UL << 3)
#define HWCAP_PMULL (1UL << 4)
#define HWCAP_SHA1 (1UL << 5)
#define HWCAP_SHA2 (1UL << 6)
#define HWCAP_CRC32 (1UL << 7)
#define HWCAP_ATOMICS (1UL << 8)

static unsigned field(uint64_t reg, int shift)
{
	return (reg >> shift) & 15;
}

unsigned long arch_elf_hwcap(void)
{
	uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1);
	uint64_t isar0 = read_sysreg(id_aa64isar0_el1);
	unsigned long h = 0;

	if (field(pfr0, 16) != 15)
		h |= HWCAP_FP;
	if (field(pfr0, 20) != 15)
		h |= HWCAP_ASIMD;
	if (field(isar0, 4) >= 1)
		h |= HWCAP_AES;
	if (field(isar0, 4) >= 2)
		h |= HWCAP_PMULL;
	if (field(isar0, 8) >= 1)
		h |= HWCAP_SHA1;
	if (field(isar0, 12) >= 1)
		h |= HWCAP_SHA2;
	if (field(isar0, 16) >= 1)
		h |= HWCAP_CRC32;
	if (field(isar0, 20) >= 2)
		h |= HWCAP_ATOMICS;
	return h;
}

/* RNDR (FEAT_RNG, ID_AA64ISAR0_EL1.RNDR): NZCV.Z set means no number now. */
bool arch_hw_random(uint64_t *out)
{
	uint64_t v, nzcv;

	if (field(read_sysreg(id_aa64isar0_el1), 60) < 1)
		return false;
	__asm__ volatile("mrs %0, s3_3_c2_c4_0; mrs %1, nzcv" : "=r"(v), "=r"(nzcv));
	if (nzcv & (1UL << 30))
		return false;
	*out = v;
	return true;
}
