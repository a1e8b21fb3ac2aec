/* SPDX-License-Identifier: MIT */
/* panic.h - what happens after "Kernel panic": backtrace, then panic=. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "kernel/kernel.h"

extern int panic_timeout; /* panic=N: <0 reboot now, 0 hang, >0 reboot after N s */
void panic_backtrace(void);
__noreturn void panic_finish(void);
/* Symbol containing addr: name and offset; NULL when unknown. */
const char *ksym_lookup(uint64_t addr, uint64_t *offset);
void backtrace_from(uint64_t rbp, uint64_t rip);

#endif
