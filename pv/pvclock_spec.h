/* SPDX-License-Identifier: MIT */
/*
 * pvclock_spec.h - the pvclock ABI shared by KVM and Xen: the per-vCPU time
 * record the hypervisor keeps up to date in guest memory, and the KVM MSRs
 * and CPUID bits that set it up (Linux Documentation/virt/kvm/x86/msr.rst,
 * cpuid.rst; arch/x86/include/asm/pvclock-abi.h, uapi/asm/kvm_para.h).
 */
#ifndef PV_PVCLOCK_SPEC_H
#define PV_PVCLOCK_SPEC_H

#include <stdint.h>

/*
 * Written by the hypervisor, read by the guest under the version protocol:
 * version is odd while an update is in progress and changes on every update.
 *   ns = system_time + (((tsc - tsc_timestamp) << tsc_shift) * mul) >> 32
 * with a negative tsc_shift meaning a right shift.  32 bytes; the guest
 * places it 32-byte aligned so it never crosses a page.
 */
struct pvclock_vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad[2];
};

/* Linux declares it packed; its fields are naturally aligned anyway. */
_Static_assert(sizeof(struct pvclock_vcpu_time_info) == 32, "pvclock ABI");
_Static_assert(__builtin_offsetof(struct pvclock_vcpu_time_info, tsc_to_system_mul) == 24,
	       "pvclock ABI");

/* flags */
#define PVCLOCK_TSC_STABLE_BIT (1u << 0)  /* same TSC-derived time on all vCPUs */
#define PVCLOCK_GUEST_STOPPED (1u << 1)   /* the host paused the guest */

/* KVM: hypervisor CPUID leaves (cpuid.rst) */
#define KVM_CPUID_SIGNATURE 0x40000000    /* eax: max leaf; ebx,ecx,edx: "KVMKVMKVM\0\0\0" */
#define KVM_CPUID_FEATURES 0x40000001     /* eax: feature bits below */
#define KVM_FEATURE_CLOCKSOURCE 0         /* MSRs 0x11/0x12 */
#define KVM_FEATURE_CLOCKSOURCE2 3        /* MSRs 0x4b564d00/01 */
#define KVM_FEATURE_STEAL_TIME 5
#define KVM_FEATURE_PV_EOI 6
#define KVM_FEATURE_CLOCKSOURCE_STABLE_BIT 24

/* KVM: MSRs (msr.rst).  SYSTEM_TIME takes the record's physical address | 1. */
#define MSR_KVM_WALL_CLOCK 0x11
#define MSR_KVM_SYSTEM_TIME 0x12
#define MSR_KVM_WALL_CLOCK_NEW 0x4b564d00
#define MSR_KVM_SYSTEM_TIME_NEW 0x4b564d01
#define KVM_SYSTEM_TIME_ENABLE 1u
#define MSR_KVM_STEAL_TIME 0x4b564d03     /* 64-byte aligned record | KVM_MSR_ENABLED */
#define MSR_KVM_PV_EOI_EN 0x4b564d04      /* 4-byte aligned word | KVM_MSR_ENABLED */
#define KVM_MSR_ENABLED 1u
#define KVM_PV_EOI_BIT 0                  /* set by the host: the EOI write may be skipped */

/*
 * KVM: the steal-time record (msr.rst, MSR_KVM_STEAL_TIME): ns this vCPU
 * was runnable but not running, kept by the host under the same version
 * protocol as the pvclock record.
 */
struct kvm_steal_time {
	uint64_t steal;
	uint32_t version;
	uint32_t flags;
	uint8_t preempted;
	uint8_t u8_pad[3];
	uint32_t pad[11];
};
_Static_assert(sizeof(struct kvm_steal_time) == 64, "steal time ABI");

#endif
