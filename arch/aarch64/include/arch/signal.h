/* SPDX-License-Identifier: MIT */
/* arch/signal.h - signal frames and system call restart for this arch. */
#ifndef ARCH_SIGNAL_H
#define ARCH_SIGNAL_H

#include <stddef.h>
#include <stdint.h>
#include <arch/trapframe.h>

struct k_sigaction;
struct ksiginfo;
/* Build the handler's frame on the user stack and point tf at the handler.
 * 0, or -EFAULT when the stack cannot take it. */
int arch_signal_frame(struct trapframe *tf, const struct k_sigaction *ka,
		      uint64_t old_mask, const struct ksiginfo *info);
/* Restore registers from the frame at the user stack; *mask gets the mask. */
int arch_sigreturn(struct trapframe *tf, uint64_t *mask);
/* Code for a page that returns from a handler (rt_sigreturn), mapped into
 * every program at exec; NULL when the arch needs none. */
const void *arch_sigtramp_code(size_t *len);
/* Make the interrupted system call nr run again on return. */
void arch_syscall_restart(struct trapframe *tf, long nr);

#endif
