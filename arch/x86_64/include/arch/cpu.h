/* SPDX-License-Identifier: MIT */
/*
 * arch/cpu.h - the CPU interface generic code uses: interrupt flag, halt,
 * cycle counter, and x86 helpers (port I/O, MSRs) for arch/x86_64 itself.
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stdbool.h>
#include <stdint.h>

static inline void arch_irq_disable(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void arch_irq_enable(void) { __asm__ volatile("sti" ::: "memory"); }
/* Mask interrupts; the previous state for arch_irq_restore. */
static inline unsigned long arch_irq_save(void)
{
	unsigned long f;

	__asm__ volatile("pushfq; popq %0; cli" : "=r"(f) : : "memory");
	return f;
}
static inline void arch_irq_restore(unsigned long f)
{
	if (f & 0x200)          /* RFLAGS.IF */
		arch_irq_enable();
}
/* Enable interrupts and halt until one arrives (atomically: sti; hlt). */
static inline void arch_wait_for_irq(void)
{
	__asm__ volatile("sti; hlt; cli" ::: "memory");
}
static inline void arch_halt(void) { __asm__ volatile("cli; hlt" ::: "memory"); }
static inline void arch_cpu_relax(void) { __asm__ volatile("pause"); }

/*
 * Ordering between the CPU and devices sharing coherent memory (virtio
 * rings): x86 keeps stores in order and loads in order, so only a full
 * barrier (a store followed by a load of another location) needs a fence.
 */
static inline void arch_mb(void) { __asm__ volatile("mfence" ::: "memory"); }
static inline void arch_rmb(void) { __asm__ volatile("" ::: "memory"); }
static inline void arch_wmb(void) { __asm__ volatile("" ::: "memory"); }

/* Device registers (uncached mappings from mmu_ioremap). */
static inline uint8_t mmio_read8(volatile void *a) { return *(volatile uint8_t *)a; }
static inline uint16_t mmio_read16(volatile void *a) { return *(volatile uint16_t *)a; }
static inline uint32_t mmio_read32(volatile void *a) { return *(volatile uint32_t *)a; }
static inline uint64_t mmio_read64(volatile void *a) { return *(volatile uint64_t *)a; }
static inline void mmio_write8(volatile void *a, uint8_t v) { *(volatile uint8_t *)a = v; }
static inline void mmio_write16(volatile void *a, uint16_t v) { *(volatile uint16_t *)a = v; }
static inline void mmio_write32(volatile void *a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline void mmio_write64(volatile void *a, uint64_t v) { *(volatile uint64_t *)a = v; }

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}
static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}
static inline uint8_t inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}
static inline uint16_t inw(uint16_t port)
{
	uint16_t v;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
static inline uint32_t inl(uint16_t port)
{
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" ::"a"(v), "Nd"(port));
}
static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}
static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v),
			 "d"((uint32_t)(v >> 32)));
}
static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}
static inline uint64_t read_cr2(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}
static inline uint64_t read_cr3(void)
{
	uint64_t v;
	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}
static inline void write_cr3(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr3" ::"r"(v) : "memory");
}

#define MSR_EFER 0xc0000080
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_FMASK 0xc0000084
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102
#define MSR_APIC_BASE 0x1b
#define MSR_IA32_TSC_DEADLINE 0x6e0

/* Platform services generic code calls (implemented in arch/x86_64). */
void arch_early_init(uint64_t boot_info);  /* console, memory map, cmdline */
void arch_init(void);                      /* traps, timer, interrupts */
void arch_devices_init(void);                /* drivers needing the tty layer */
void arch_power_off(void);
void arch_restart(void);
void arch_console_putc(char c);            /* polled, for printk */
/* Program the one-shot timer to fire at monotonic time deadline_ns. */
void arch_timer_set(uint64_t deadline_ns);
uint64_t arch_clock_ns(void);              /* monotonic clocksource */
uint64_t arch_rtc_read_ns(void);           /* wall clock at boot */
const char *arch_clocksource_name(void);
uint64_t arch_steal_ns(void);              /* ns the hypervisor ran others instead */
bool arch_hw_random(uint64_t *out);        /* RDRAND when offered */

/* Boot information the arch hands to generic code. */
struct boot_info {
	const char *cmdline;
	const void *initrd;
	uint64_t initrd_size;
};
extern struct boot_info boot_info;

#endif
