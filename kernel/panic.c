// SPDX-License-Identifier: MIT
/*
 * panic.c - after a panic: the symbolized backtrace (frame-pointer walk
 * over the ksyms table the second link embeds) and panic= handling.
 */
#include "kernel/kernel.h"
#include "kernel/panic.h"
#include "kernel/time.h"
#include <arch/cpu.h>

int panic_timeout;

struct ksym {
	uint64_t addr;
	uint32_t name_off, pad;
};
extern const struct ksym ksyms_start[];

const char *ksym_lookup(uint64_t addr, uint64_t *offset)
{
	const struct ksym *best = NULL, *k;

	for (k = ksyms_start; k->addr; k++)
		if (k->addr <= addr)
			best = k;
	if (!best || k == ksyms_start)
		return NULL;
	*offset = addr - best->addr;
	return (const char *)(k + 1) + best->name_off;
}

/* ret: pc is a return address, so name the call (pc - 1): after a call
 * to a noreturn function the return address is the next function's. */
static void print_frame(uint64_t pc, bool ret)
{
	uint64_t off;
	const char *name = ksym_lookup(pc - ret, &off);

	off += ret;
	if (name)
		printk("  [<%016lx>] %s+0x%lx\n", pc, name, off);
	else
		printk("  [<%016lx>] ?\n", pc);
}

void backtrace_from(uint64_t fp, uint64_t pc)
{
	printk("Call Trace:\n");
	if (pc)
		print_frame(pc, false);
	for (int depth = 0; depth < 32; depth++) {
		/* Frames live on kernel stacks, in the kernel half. */
		if (fp < 0xffff800000000000UL || (fp & 7))
			break;
		uint64_t *f = (uint64_t *)fp;
		if (!f[1])
			break;
		print_frame(f[1], true);
		if (f[0] <= fp)
			break;
		fp = f[0];
	}
}

void panic_finish(void)
{
	if (panic_timeout != 0) {
		if (panic_timeout > 0) {
			printk("Rebooting in %d seconds..\n", panic_timeout);
			uint64_t end = arch_clock_ns() + (uint64_t)panic_timeout * NSEC_PER_SEC;
			while (arch_clock_ns() < end)
				arch_cpu_relax();
		}
		arch_restart();
	}
	printk("---[ end Kernel panic - not syncing ]---\n");
	for (;;)
		arch_halt();
}
