// SPDX-License-Identifier: MIT
/* prctl.c - arch_prctl(2): FS/GS bases for thread-local storage. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"
#include <arch/cpu.h>
#include <arch/mmu.h>

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004

long sys_arch_prctl(int code, uint64_t addr)
{
	uint64_t v;

	switch (code) {
	case ARCH_SET_FS:
	case ARCH_SET_GS:
		if (addr >= USER_TOP)
			return -EPERM;
		wrmsr(code == ARCH_SET_FS ? MSR_FS_BASE : MSR_KERNEL_GS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
	case ARCH_GET_GS:
		v = rdmsr(code == ARCH_GET_FS ? MSR_FS_BASE : MSR_KERNEL_GS_BASE);
		return copy_to_user((void *)addr, &v, sizeof(v)) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}

unsigned long arch_elf_hwcap(void)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	return r[3];
}
