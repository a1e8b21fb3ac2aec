/* SPDX-License-Identifier: MIT */
/* aarch64_internal.h - interfaces private to arch/aarch64. */
#ifndef ARCH_AARCH64_INTERNAL_H
#define ARCH_AARCH64_INTERNAL_H

#include "kernel/kernel.h"
#include <arch/trapframe.h>
#include "arch/aarch64/dtb.h"

#define KERNEL_VMA 0xffffffff80000000UL

/* Physical address the boot loader put the Image at, and the exception
 * level it entered at (boot.S). */
extern uint64_t kernel_phys_base;
extern uint64_t boot_el;

/* Device tree: the reader is dtb.h; cpu.c finds and reserves the blob. */
bool dt_init(uint64_t pa);
void dt_reserve(void);

/* Platform (cpu.c) */
void paging_init(void);
bool ram_range(int i, uint64_t *start, uint64_t *end);
bool ram_contains(uint64_t pa, uint64_t len);

/* PL011 (serial.c) */
void serial_early_init(void);
void serial_init(void);

/* GIC (gic.c) */
void gic_init(void);
void irq_register(unsigned intid, bool level, void (*fn)(void));
void irq_handle(void);
uint8_t *gic_redist(void);

/* GICv3 ITS (its.c): MSIs as LPIs. */
int its_msi_alloc(uint32_t devid, void (*fn)(void *), void *arg, uint64_t *addr,
		  uint32_t *data);
bool its_handle(unsigned intid);

/* Generic timer (clock.c) */
void clock_init(void);

/* PL031 RTC (rtc.c): mapped early for the boot time, then /dev/rtc0 */
void rtc_init(void);
void rtc_pl031_init(void);

/* PSCI and SMCCC (psci.c) */
#define SMCCC_RET_NOT_SUPPORTED (-1)
void psci_init(void);
int64_t smccc_arch_features(uint32_t fn); /* 0: fn is implemented */
int64_t smccc_call(uint32_t fn, uint64_t arg);
void pv_time_init(void);             /* clock.c, after psci_init */

/* FP/SIMD registers (entry.S) */
struct fpsimd_state;
void fpsimd_save(struct fpsimd_state *s);
void fpsimd_load(const struct fpsimd_state *s);

/* Traps */
void trap_sync(struct trapframe *tf);
void trap_irq(struct trapframe *tf);
void trap_bad(struct trapframe *tf, unsigned kind);
bool uaccess_fixup(struct trapframe *tf);
void dump_trapframe(struct trapframe *tf);

#endif
