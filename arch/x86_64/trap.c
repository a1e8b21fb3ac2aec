// SPDX-License-Identifier: MIT
/*
 * trap.c - exceptions and interrupts (SDM Vol. 3A ch. 6).
 *
 * A fault in user mode becomes a signal (page faults first go to the VM
 * layer for demand paging and copy-on-write).  A fault in the kernel on a
 * user address inside a uaccess routine jumps to its fixup (-EFAULT).  Any
 * other kernel fault prints the registers and a symbolized backtrace and
 * panics.
 */
#include "kernel/kernel.h"
#include "kernel/panic.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/vm.h"
#include <arch/mmu.h>
#include <arch/asm_offsets.h>
#include <arch/cpu.h>
#include "arch/x86_64/x86_internal.h"

_Static_assert(offsetof(struct trapframe, vector) == TF_VECTOR, "tf layout");
_Static_assert(offsetof(struct trapframe, rip) == TF_RIP, "tf layout");
_Static_assert(offsetof(struct trapframe, cs) == TF_CS, "tf layout");
_Static_assert(offsetof(struct trapframe, rsp) == TF_RSP, "tf layout");

static const char *const exc_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range", "invalid opcode", "device not available",
	"double fault", "coprocessor overrun", "invalid TSS",
	"segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 FPU error", "alignment check",
	"machine check", "SIMD exception", "virtualization", "control protection",
};

void dump_trapframe(struct trapframe *tf)
{
	printk("RIP: %04lx:%016lx RFLAGS: %08lx vector %lu err %lx\n", tf->cs,
	       tf->rip, tf->rflags, tf->vector, tf->err);
	printk("RSP: %04lx:%016lx CR2: %016lx CR3: %016lx\n", tf->ss, tf->rsp,
	       read_cr2(), read_cr3());
	printk("RAX: %016lx RBX: %016lx RCX: %016lx\n", tf->rax, tf->rbx, tf->rcx);
	printk("RDX: %016lx RSI: %016lx RDI: %016lx\n", tf->rdx, tf->rsi, tf->rdi);
	printk("RBP: %016lx R08: %016lx R09: %016lx\n", tf->rbp, tf->r8, tf->r9);
	printk("R10: %016lx R11: %016lx R12: %016lx\n", tf->r10, tf->r11, tf->r12);
	printk("R13: %016lx R14: %016lx R15: %016lx\n", tf->r13, tf->r14, tf->r15);
}

static __noreturn void kernel_fault(struct trapframe *tf)
{
	const char *name = tf->vector < 32 ? exc_names[tf->vector] : "interrupt";

	arch_irq_disable();
	printk_quiet = 0;
	printk("BUG: %s in kernel mode\n", name ? name : "exception");
	dump_trapframe(tf);
	backtrace_from(tf->rbp, tf->rip);
	panic("fatal exception");
}

static int exc_signal(unsigned vec)
{
	switch (vec) {
	case 0:
	case 16:
	case 19:
		return SIGFPE;
	case 1:
	case 3:
		return SIGTRAP;
	case 6:
		return SIGILL;
	case 17:
		return SIGBUS;
	default:
		return SIGSEGV;
	}
}

static void page_fault(struct trapframe *tf)
{
	uint64_t addr = read_cr2();
	bool user = tf_from_user(tf);
	unsigned access = (tf->err & 2) ? VM_FAULT_WRITE : 0;

	if (tf->err & 16)
		access |= VM_FAULT_EXEC;
	int err = addr < USER_TOP && !(tf->err & 8) ? vm_fault(addr, access) : -EFAULT;

	if (err == 0)
		return;
	if (user) {
		if (err == -EIO)
			signal_fault_code(SIGBUS, BUS_ADRERR, addr);
		else
			signal_fault_code(SIGSEGV, err == -EACCES ? SEGV_ACCERR : SEGV_MAPERR,
					  addr);
		return;
	}
	if (uaccess_fixup(tf))
		return;
	kernel_fault(tf);
}

void trap_handler(struct trapframe *tf)
{
	unsigned vec = (unsigned)tf->vector;

	if (tf_from_user(tf))
		acct_enter_kernel();
	if (vec == 14) {
		page_fault(tf);
		return;
	}
	if (vec >= IRQ_BASE) {
		irq_dispatch(vec);
		return;
	}
	if (!tf_from_user(tf)) {
		if (uaccess_fixup(tf))
			return;
		kernel_fault(tf);
	}
	signal_fault(exc_signal(vec), tf->rip);
}

void panic_backtrace(void)
{
	uint64_t rbp;

	__asm__ volatile("mov %%rbp, %0" : "=r"(rbp));
	backtrace_from(rbp, 0);
}

struct ex_entry {
	uint64_t insn, fixup;
};
extern struct ex_entry __ex_table_start[], __ex_table_end[];

bool uaccess_fixup(struct trapframe *tf)
{
	for (struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++)
		if (e->insn == tf->rip) {
			tf->rip = e->fixup;
			return true;
		}
	return false;
}
