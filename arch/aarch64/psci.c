// SPDX-License-Identifier: MIT
/*
 * psci.c - power off and restart through PSCI (Arm DEN 0022, 0.2 and
 * later function IDs), called with HVC or SMC as the /psci node's
 * "method" says (SMC Calling Convention, DEN 0028).
 */
#include "kernel/kernel.h"
#include <arch/cpu.h>
#include "arch/aarch64/aarch64_internal.h"

#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u

enum { PSCI_NONE, PSCI_HVC, PSCI_SMC };
static int conduit;

void psci_init(void)
{
	int node = dt_find_path("/psci");

	if (node < 0)
		node = dt_find_compatible("arm,psci-1.0", -1);
	if (node < 0)
		node = dt_find_compatible("arm,psci-0.2", -1);
	if (node < 0) {
		printk("psci: none in the device tree; power off will halt\n");
		return;
	}
	if (dt_prop_is(node, "method", "hvc"))
		conduit = PSCI_HVC;
	else if (dt_prop_is(node, "method", "smc"))
		conduit = PSCI_SMC;
	else
		printk("psci: unknown method; power off will halt\n");
}

/* SMCCC: function ID in w0, result in x0; x1-x17 may be clobbered. */
static void psci_call(uint32_t fn)
{
	register uint64_t x0 __asm__("x0") = fn;

	if (conduit == PSCI_HVC)
		__asm__ volatile("hvc #0"
				 : "+r"(x0)
				 :
				 : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
				   "x10", "x11", "x12", "x13", "x14", "x15", "x16",
				   "x17", "memory");
	else if (conduit == PSCI_SMC)
		__asm__ volatile("smc #0"
				 : "+r"(x0)
				 :
				 : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
				   "x10", "x11", "x12", "x13", "x14", "x15", "x16",
				   "x17", "memory");
}

void arch_power_off(void)
{
	psci_call(PSCI_SYSTEM_OFF);
	printk("reboot: PSCI SYSTEM_OFF did not power off; halting\n");
	for (;;)
		arch_halt();
}

void arch_restart(void)
{
	psci_call(PSCI_SYSTEM_RESET);
	printk("reboot: PSCI SYSTEM_RESET did not restart; halting\n");
	for (;;)
		arch_halt();
}
