// SPDX-License-Identifier: MIT
/*
 * trap.c - synchronous exceptions and interrupts (Arm ARM D1.10, ESR_EL1
 * encodings in D17.2.37).
 *
 * A fault in user mode becomes a signal (aborts first go to the VM layer
 * for demand paging and copy-on-write).  A fault in the kernel on a user
 * address inside a uaccess routine jumps to its fixup (-EFAULT).  Any other
 * kernel fault prints the registers and a symbolized backtrace and panics.
 */
#include "kernel/kernel.h"
#include "kernel/panic.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/vm.h"
#include <arch/asm_offsets.h>
#include <arch/cpu.h>
#include <arch/mmu.h>
#include "arch/aarch64/aarch64_internal.h"

_Static_assert(offsetof(struct trapframe, x[30]) == TF_X30, "tf layout");
_Static_assert(offsetof(struct trapframe, sp) == TF_SP, "tf layout");
_Static_assert(offsetof(struct trapframe, pc) == TF_PC, "tf layout");
_Static_assert(offsetof(struct trapframe, orig_x0) == TF_ORIG_X0, "tf layout");
_Static_assert(offsetof(struct trapframe, esr) == TF_ESR, "tf layout");
_Static_assert(offsetof(struct trapframe, far) == TF_FAR, "tf layout");
_Static_assert(sizeof(struct trapframe) == TF_SIZE, "tf layout");

/* ESR_EL1.EC values */
#define EC_UNKNOWN 0x00
#define EC_FP_ACCESS 0x07
#define EC_ILLEGAL 0x0e
#define EC_SVC64 0x15
#define EC_SYSREG 0x18
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define EC_SP_ALIGN 0x26
#define EC_FP_EXC 0x2c
#define EC_BREAKPT_LOW 0x30
#define EC_STEP_LOW 0x32
#define EC_WATCHPT_LOW 0x34
#define EC_BRK64 0x3c

/* si_code values beyond kernel/signal.h's (uapi/asm-generic/siginfo.h) */
#define ILL_ILLOPC 1
#define BUS_ADRALN 1
#define TRAP_BRKPT 1
#define TRAP_TRACE 2
#define TRAP_HWBKPT 4

#define ESR_WNR (1u << 6)
#define ESR_CM (1u << 8)

static const char *ec_name(unsigned ec)
{
	switch (ec) {
	case EC_UNKNOWN: return "undefined instruction";
	case EC_ILLEGAL: return "illegal execution state";
	case EC_SVC64: return "svc";
	case EC_SYSREG: return "system register access";
	case EC_IABT_LOW: case EC_IABT_CUR: return "instruction abort";
	case EC_PC_ALIGN: return "PC alignment fault";
	case EC_DABT_LOW: case EC_DABT_CUR: return "data abort";
	case EC_SP_ALIGN: return "SP alignment fault";
	case EC_FP_EXC: return "floating-point exception";
	case EC_BRK64: return "brk";
	default: return "exception";
	}
}

void dump_trapframe(struct trapframe *tf)
{
	printk("pc : %016lx lr : %016lx sp : %016lx\n", tf->pc, tf->x[30], tf->sp);
	printk("pstate: %08lx esr: %08lx (EC 0x%lx) far: %016lx\n", tf->pstate,
	       tf->esr, tf->esr >> 26, tf->far);
	for (int i = 0; i < 30; i += 3)
		printk("x%-2d: %016lx x%-2d: %016lx x%-2d: %016lx\n", i, tf->x[i],
		       i + 1, tf->x[i + 1], i + 2, tf->x[i + 2]);
}

static __noreturn void kernel_fault(struct trapframe *tf, const char *what)
{
	arch_irq_disable();
	printk_quiet = 0;
	printk("BUG: %s in kernel mode\n", what);
	dump_trapframe(tf);
	backtrace_from(tf->x[29], tf->pc);
	panic("fatal exception");
}

static bool fault_fixable(unsigned fsc)
{
	switch (fsc & 0x3c) {
	case 0x04: /* translation fault, levels 0-3 */
	case 0x08: /* access flag fault */
	case 0x0c: /* permission fault */
		return true;
	default:
		return false;
	}
}

static void abort_fault(struct trapframe *tf, unsigned ec)
{
	uint64_t addr = tf->far;
	unsigned iss = tf->esr & 0x1ffffff, fsc = iss & 0x3f;
	unsigned access = 0;
	bool data = ec == EC_DABT_LOW || ec == EC_DABT_CUR;
	int err = -EFAULT;

	if (!data)
		access = VM_FAULT_EXEC;
	else if ((iss & ESR_WNR) && !(iss & ESR_CM))
		access = VM_FAULT_WRITE;
	if (ec != EC_IABT_CUR && addr < USER_TOP && fault_fixable(fsc))
		err = vm_fault(addr, access);
	if (err == 0)
		return;
	if (tf_from_user(tf)) {
		if (fsc == 0x21) /* alignment fault */
			signal_fault_code(SIGBUS, BUS_ADRALN, addr);
		else if (err == -EIO)
			signal_fault_code(SIGBUS, BUS_ADRERR, addr);
		else
			signal_fault_code(SIGSEGV, err == -EACCES ? SEGV_ACCERR :
					  SEGV_MAPERR, addr);
		return;
	}
	if (uaccess_fixup(tf))
		return;
	kernel_fault(tf, ec_name(ec));
}

/* The signal and si_code Linux's arm64 traps give (arch/arm64/kernel/traps.c). */
static void exc_signal(struct trapframe *tf, unsigned ec)
{
	switch (ec) {
	case EC_PC_ALIGN:
		signal_fault_code(SIGBUS, BUS_ADRALN, tf->pc);
		break;
	case EC_SP_ALIGN:
		signal_fault_code(SIGBUS, BUS_ADRALN, tf->sp);
		break;
	case EC_FP_EXC:
		signal_fault(SIGFPE, tf->pc);
		break;
	case EC_BRK64:
	case EC_BREAKPT_LOW:
		signal_fault_code(SIGTRAP, TRAP_BRKPT, tf->pc);
		break;
	case EC_STEP_LOW:
		signal_fault_code(SIGTRAP, TRAP_TRACE, tf->pc);
		break;
	case EC_WATCHPT_LOW:
		signal_fault_code(SIGTRAP, TRAP_HWBKPT, tf->far);
		break;
	default:
		signal_fault_code(SIGILL, ILL_ILLOPC, tf->pc);
	}
}

void trap_sync(struct trapframe *tf)
{
	unsigned ec = (unsigned)(tf->esr >> 26);

	if (tf_from_user(tf))
		acct_enter_kernel();
	if (ec == EC_DABT_LOW || ec == EC_DABT_CUR || ec == EC_IABT_LOW ||
	    ec == EC_IABT_CUR) {
		abort_fault(tf, ec);
		return;
	}
	if (!tf_from_user(tf)) {
		if (uaccess_fixup(tf))
			return;
		kernel_fault(tf, ec_name(ec));
	}
	exc_signal(tf, ec);
}

void trap_irq(struct trapframe *tf)
{
	if (tf_from_user(tf))
		acct_enter_kernel();
	irq_handle();
}

static const char *const bad_names[16] = {
	"sync (EL1t)", "IRQ (EL1t)", "FIQ (EL1t)", "SError (EL1t)",
	"sync", "IRQ", "FIQ", "SError",
	"sync (EL0)", "IRQ (EL0)", "FIQ (EL0)", "SError (EL0)",
	"sync (AArch32)", "IRQ (AArch32)", "FIQ (AArch32)", "SError (AArch32)",
};

void trap_bad(struct trapframe *tf, unsigned kind)
{
	kernel_fault(tf, bad_names[kind & 15]);
}

void panic_backtrace(void)
{
	backtrace_from((uint64_t)__builtin_frame_address(0), 0);
	__asm__ volatile(""); /* no tail call: the frame walked must stay live */
}

struct ex_entry {
	uint64_t insn, fixup;
};
extern struct ex_entry __ex_table_start[], __ex_table_end[];

bool uaccess_fixup(struct trapframe *tf)
{
	for (struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++)
		if (e->insn == tf->pc) {
			tf->pc = e->fixup;
			return true;
		}
	return false;
}
