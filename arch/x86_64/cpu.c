// SPDX-License-Identifier: MIT
/*
 * cpu.c - descriptor tables and CPU setup: the GDT with the segment order
 * syscall/sysret need (SDM Vol. 3A §5.8.8), the TSS (rsp0 for interrupts
 * from user mode), the IDT, the syscall MSRs and SSE state for user code.
 */
#include "kernel/kernel.h"
#include <arch/cpu.h>
#include "arch/x86_64/x86_internal.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

struct idt_entry {
	uint16_t off0;
	uint16_t sel;
	uint8_t ist;
	uint8_t type;
	uint16_t off1;
	uint32_t off2;
	uint32_t zero;
} __packed;

static struct tss tss __aligned(16);
static uint64_t gdt[9] __aligned(16);
static struct idt_entry idt[256] __aligned(16);
static uint8_t df_stack[8192] __aligned(16);
struct percpu percpu0;

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __packed;

extern char trap_vectors[];
extern char syscall_entry[];

void gdt_init(void)
{
	uint64_t t = (uint64_t)&tss;
	struct desc_ptr p = { sizeof(gdt) - 1, (uint64_t)gdt };

	gdt[1] = 0x00af9a000000ffff; /* 0x08 kernel code */
	gdt[2] = 0x00cf92000000ffff; /* 0x10 kernel data */
	gdt[3] = 0x00cffa000000ffff; /* 0x18 user code 32 (sysret base) */
	gdt[4] = 0x00cff2000000ffff; /* 0x20 user data */
	gdt[5] = 0x00affa000000ffff; /* 0x28 user code 64 */
	gdt[6] = (sizeof(tss) - 1) | ((t & 0xffffff) << 16) | (0x89UL << 40) |
		 (((t >> 24) & 0xff) << 56);
	gdt[7] = t >> 32;
	tss.iomap_base = sizeof(tss);
	tss.ist[0] = (uint64_t)df_stack + sizeof(df_stack);
	__asm__ volatile("lgdt %0" ::"m"(p));
	__asm__ volatile("ltr %w0" ::"r"(TSS_SEL));
	wrmsr(MSR_GS_BASE, (uint64_t)&percpu0);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}

void tss_set_rsp0(uint64_t rsp0)
{
	tss.rsp[0] = rsp0;
	percpu0.kstack_top = rsp0;
}

void idt_init(void)
{
	struct desc_ptr p = { sizeof(idt) - 1, (uint64_t)idt };

	for (int i = 0; i < 256; i++) {
		uint64_t h = (uint64_t)trap_vectors + 16 * i;
		idt[i] = (struct idt_entry){
			.off0 = h & 0xffff,
			.sel = KERNEL_CS,
			.ist = i == 8 ? 1 : 0, /* double fault on its own stack */
			.type = i == 3 ? 0xee : 0x8e, /* int3 reachable from ring 3 */
			.off1 = (h >> 16) & 0xffff,
			.off2 = h >> 32,
		};
	}
	__asm__ volatile("lidt %0" ::"m"(p));
}

void syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | 1); /* SCE */
	wrmsr(MSR_STAR, ((uint64_t)0x18 << 48) | ((uint64_t)KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	/* Clear IF, TF, DF, AC, NT on entry: the kernel runs with IRQs off. */
	wrmsr(MSR_FMASK, 0x200 | 0x100 | 0x400 | 0x40000 | 0x4000);
}

/* SSE for user programs: CR0.MP, !EM, CR4.OSFXSR|OSXMMEXCPT. */
void fpu_init(void)
{
	uint64_t cr0, cr4;

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	cr0 = (cr0 & ~(1UL << 2)) | (1UL << 1);
	cr0 &= ~(1UL << 3); /* TS */
	__asm__ volatile("mov %0, %%cr0" ::"r"(cr0));
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= (1UL << 9) | (1UL << 10);
	__asm__ volatile("mov %0, %%cr4" ::"r"(cr4));
	__asm__ volatile("fninit");
}
