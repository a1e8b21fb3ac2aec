// SPDX-License-Identifier: MIT
/*
 * syscall.c - the system call dispatcher and the work done on every return
 * to user mode (rescheduling, signal delivery).
 *
 * The arch entry hands over a trapframe; the number indexes the arch's
 * table.  A number with no handler returns -ENOSYS and is logged once.
 */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include <arch/trapframe.h>

static uint64_t enosys_logged[8];

void syscall_handler(struct trapframe *tf)
{
	long nr = tf_syscall_nr(tf), a[6], ret;

	acct_enter_kernel();
	tf_syscall_args(tf, a);
	current->syscall_nr = nr;
	if (nr >= 0 && (unsigned long)nr < arch_nr_syscalls && arch_syscalls[nr].fn) {
		ret = arch_syscalls[nr].fn(a[0], a[1], a[2], a[3], a[4], a[5]);
	} else {
		if (nr >= 0 && nr < 512 && !(enosys_logged[nr / 64] & (1ULL << (nr % 64)))) {
			if (nr < 512)
				enosys_logged[nr / 64] |= 1ULL << (nr % 64);
			printk("%s[%d]: unknown syscall %ld%s%s\n", current->comm,
			       current->pid, nr,
			       (unsigned long)nr < arch_nr_syscalls &&
				       arch_syscalls[nr].name ? " " : "",
			       (unsigned long)nr < arch_nr_syscalls &&
				       arch_syscalls[nr].name ? arch_syscalls[nr].name : "");
		}
		ret = -ENOSYS;
	}
	tf_set_return(tf, ret);
}

/* Called with interrupts off just before returning to user mode. */
void user_return_work(struct trapframe *tf)
{
	for (;;) {
		if (need_resched)
			schedule();
		if (current->sig_pending || current->syscall_nr >= 0)
			signal_deliver(tf);
		if (!need_resched)
			break;
	}
	acct_enter_user();
}
