/* SPDX-License-Identifier: MIT */
/* x86_internal.h - interfaces private to arch/x86_64. */
#ifndef ARCH_X86_INTERNAL_H
#define ARCH_X86_INTERNAL_H

#include "kernel/kernel.h"
#include <arch/trapframe.h>

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_DS 0x23
#define USER_CS 0x2b
#define TSS_SEL 0x30

#define IRQ_BASE 32        /* ISA IRQ n -> vector 32 + n */
#define VEC_TIMER 0xf0
#define VEC_SPURIOUS 0xff

struct percpu {
	uint64_t kstack_top;  /* %gs:0 */
	uint64_t user_rsp;    /* %gs:8 */
};
extern struct percpu percpu0;

uint64_t ram_top_below_4g(void);       /* pvh.c: end of RAM below 4 GiB */
uint64_t ram_top_all(void);            /* pvh.c: end of the highest RAM */
bool ram_range(int i, uint64_t *start, uint64_t *end); /* pvh.c: RAM entry i */
void serial_early_init(void);
void serial_init(void);
void paging_init(uint64_t ram_top);
void gdt_init(void);
void idt_init(void);
void syscall_init(void);
void fpu_init(void);
void tss_set_rsp0(uint64_t rsp0);

/* ACPI (acpi.c) */
void acpi_init(uint64_t rsdp_phys);
uint64_t acpi_lapic_base(void);
bool acpi_ioapic(unsigned i, uint64_t *addr, unsigned *gsi_base);
bool acpi_mcfg(unsigned i, uint64_t *base, uint16_t *segment, uint8_t *bus_first,
	       uint8_t *bus_last);
/* flags: IRQ_LEVEL, IRQ_ACTIVE_LOW (kernel/devices.h) */
bool acpi_virtio_mmio(unsigned i, uint64_t *base, uint64_t *size, unsigned *gsi,
		      unsigned *flags);
unsigned acpi_isa_gsi(unsigned irq, bool *active_low, bool *level);
uint16_t acpi_pm_timer_port(void);
bool acpi_pm_timer_32bit(void);
uint8_t acpi_rtc_century(void);
uint8_t acpi_rtc_day_alarm(void);
uint8_t acpi_rtc_month_alarm(void);

/* CMOS RTC (rtc.c): /dev/rtc0 */
void rtc_cmos_init(void);

/* APIC (apic.c) */
void apic_init(void);
void apic_eoi(void);
void apic_timer_oneshot(uint64_t ticks);
void apic_timer_deadline_mode(void);
void apic_timer_deadline(uint64_t tsc);
void irq_register_isa(unsigned irq, void (*fn)(void));
uint32_t apic_id(void);
void irq_dispatch(unsigned vector);

/* KVM paravirtual interfaces (kvm.c) */
void kvm_detect(void);                 /* once, before apic_init */
bool kvm_has_feature(unsigned bit);    /* KVM_FEATURE_* (pv/pvclock_spec.h) */
bool kvmclock_init(void);              /* true: kvm-clock registered and sane */
uint64_t kvmclock_ns(void);            /* monotonic ns since kvmclock_init */
uint64_t kvmclock_tsc_deadline(uint64_t deadline_ns);
void kvm_pv_init(void);                /* steal time, PV EOI; after apic_init */
bool kvm_pv_eoi(void);                 /* true: the host waived this EOI */

/* Clock (clock.c) */
void clock_init(void);
uint64_t apic_timer_hz(void);

/* Traps */
void trap_handler(struct trapframe *tf);
bool uaccess_fixup(struct trapframe *tf);
void dump_trapframe(struct trapframe *tf);

#endif
