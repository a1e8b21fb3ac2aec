// SPDX-License-Identifier: MIT
/*
 * psci.c - power off and restart through PSCI (Arm DEN 0022, 0.2 and
 * later function IDs), called with HVC or SMC as the /psci node's
 * "method" says (SMC Calling Convention, DEN 0028), and the SMCCC 1.1
 * discovery other firmware services (pv time) build on.
 */
#include "kernel/kernel.h"
#include <arch/cpu.h>
#include "arch/aarch64/aarch64_internal.h"

#define PSCI_VERSION 0x84000000u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000Au
#define SMCCC_VERSION 0x80000000u
#define SMCCC_ARCH_FEATURES 0x80000001u

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

/*
 * SMCCC: function ID in w0, arguments in x1.., result in x0; x1-x17 may be
 * clobbered.  Without a conduit nothing is called and the answer is
 * NOT_SUPPORTED.  An ID the firmware does not know may be UNDEFINED rather
 * than refused (QEMU's TCG takes only PSCI's range), so callers outside
 * PSCI go through smccc_arch_features first.
 */
int64_t smccc_call(uint32_t fn, uint64_t arg)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = arg;

	if (conduit == PSCI_HVC)
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1)
				 :
				 : "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
				   "x10", "x11", "x12", "x13", "x14", "x15", "x16",
				   "x17", "memory");
	else if (conduit == PSCI_SMC)
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1)
				 :
				 : "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
				   "x10", "x11", "x12", "x13", "x14", "x15", "x16",
				   "x17", "memory");
	else
		return SMCCC_RET_NOT_SUPPORTED;
	return (int64_t)x0;
}

/*
 * SMCCC_ARCH_FEATURES(fn): 0 when fn is implemented.  It exists from SMCCC
 * 1.1, whose SMCCC_VERSION call PSCI 1.0's PSCI_FEATURES vouches for (the
 * discovery order of DEN 0028 and Linux's psci_init_smccc).
 */
int64_t smccc_arch_features(uint32_t fn)
{
	static int smccc_11 = -1; /* unknown */

	if (smccc_11 < 0) {
		smccc_11 = 0;
		if (conduit != PSCI_NONE && smccc_call(PSCI_VERSION, 0) >= 0x10000 &&
		    smccc_call(PSCI_FEATURES, SMCCC_VERSION) == 0 &&
		    smccc_call(SMCCC_VERSION, 0) >= 0x10001)
			smccc_11 = 1;
	}
	if (!smccc_11)
		return SMCCC_RET_NOT_SUPPORTED;
	return smccc_call(SMCCC_ARCH_FEATURES, fn);
}

void arch_power_off(void)
{
	smccc_call(PSCI_SYSTEM_OFF, 0);
	printk("reboot: PSCI SYSTEM_OFF did not power off; halting\n");
	for (;;)
		arch_halt();
}

void arch_restart(void)
{
	smccc_call(PSCI_SYSTEM_RESET, 0);
	printk("reboot: PSCI SYSTEM_RESET did not restart; halting\n");
	for (;;)
		arch_halt();
}
