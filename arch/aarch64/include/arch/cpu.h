/* SPDX-License-Identifier: MIT */
/*
 * arch/cpu.h - the CPU interface generic code uses: interrupt mask, wait for
 * interrupt, and the platform services below; plus system register and MMIO
 * helpers for arch/aarch64 itself.
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stdbool.h>
#include <stdint.h>

static inline void arch_irq_disable(void) { __asm__ volatile("msr daifset, #2" ::: "memory"); }
static inline void arch_irq_enable(void) { __asm__ volatile("msr daifclr, #2" ::: "memory"); }
/*
 * Halt until an interrupt arrives, then take it.  WFI wakes on a pending
 * interrupt even while PSTATE.I masks it (Arm ARM D1.16.2), so waiting
 * masked and unmasking only to take it cannot miss a wakeup.
 */
static inline void arch_wait_for_irq(void)
{
	__asm__ volatile("dsb sy; wfi; msr daifclr, #2; isb; msr daifset, #2" ::: "memory");
}
static inline void arch_halt(void) { __asm__ volatile("msr daifset, #0xf; wfi" ::: "memory"); }
static inline void arch_cpu_relax(void) { __asm__ volatile("yield" ::: "memory"); }

#define read_sysreg(r) ({ uint64_t v_; __asm__ volatile("mrs %0, " #r : "=r"(v_)); v_; })
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" ::"r"((uint64_t)(v)) : "memory")
static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
/* Mask interrupts; the previous state (DAIF) for arch_irq_restore. */
static inline unsigned long arch_irq_save(void)
{
	unsigned long f = read_sysreg(daif);

	arch_irq_disable();
	return f;
}
static inline void arch_irq_restore(unsigned long f) { write_sysreg(daif, f); }

/*
 * Ordering between the CPU and devices sharing coherent memory (virtio
 * rings, Linux's virt_mb/virt_rmb/virt_wmb): inner-shareable barriers.
 */
static inline void arch_mb(void) { __asm__ volatile("dmb ish" ::: "memory"); }
static inline void arch_rmb(void) { __asm__ volatile("dmb ishld" ::: "memory"); }
static inline void arch_wmb(void) { __asm__ volatile("dmb ishst" ::: "memory"); }

/*
 * Device registers.  A write first completes earlier stores (dsb st), so a
 * doorbell follows the ring update it announces.
 */
static inline uint8_t mmio_read8(volatile void *a) { return *(volatile uint8_t *)a; }
static inline uint16_t mmio_read16(volatile void *a) { return *(volatile uint16_t *)a; }
static inline void mmio_write8(volatile void *a, uint8_t v)
{
	__asm__ volatile("dsb st" ::: "memory");
	*(volatile uint8_t *)a = v;
}
static inline void mmio_write16(volatile void *a, uint16_t v)
{
	__asm__ volatile("dsb st" ::: "memory");
	*(volatile uint16_t *)a = v;
}
static inline uint32_t mmio_read32(volatile void *a) { return *(volatile uint32_t *)a; }
static inline void mmio_write32(volatile void *a, uint32_t v)
{
	__asm__ volatile("dsb st" ::: "memory");
	*(volatile uint32_t *)a = v;
}
static inline uint64_t mmio_read64(volatile void *a) { return *(volatile uint64_t *)a; }
static inline void mmio_write64(volatile void *a, uint64_t v)
{
	__asm__ volatile("dsb st" ::: "memory");
	*(volatile uint64_t *)a = v;
}

/* Platform services generic code calls (implemented in arch/aarch64). */
void arch_early_init(uint64_t boot_info);  /* console, memory map, cmdline */
void arch_init(void);                      /* traps, timer, interrupts */
void arch_devices_init(void);              /* drivers needing the tty layer */
void arch_power_off(void);
void arch_restart(void);
void arch_console_putc(char c);            /* polled, for printk */
/* Program the one-shot timer to fire at monotonic time deadline_ns. */
void arch_timer_set(uint64_t deadline_ns);
uint64_t arch_clock_ns(void);              /* monotonic clocksource */
uint64_t arch_rtc_read_ns(void);           /* wall clock at boot */
const char *arch_clocksource_name(void);
uint64_t arch_steal_ns(void);              /* ns the hypervisor ran others instead */
bool arch_hw_random(uint64_t *out);        /* RNDR when offered */

/* Boot information the arch hands to generic code. */
struct boot_info {
	const char *cmdline;
	const void *initrd;
	uint64_t initrd_size;
};
extern struct boot_info boot_info;

#endif
