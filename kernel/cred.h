/* SPDX-License-Identifier: MIT */
/*
 * cred.h - process credentials: real, effective, saved and file-system user
 * and group IDs and the supplementary groups.  Privilege is uid 0 (the
 * effective ID for process operations, the fs ID for file access), as
 * Linux's capabilities reduce to for root without capability games.
 */
#ifndef KERNEL_CRED_H
#define KERNEL_CRED_H

#include "kernel/kernel.h"

#define NGROUPS_MAX_K 32
/* The highest capability number: Linux 6.1's (prctl, /proc/sys/kernel). */
#define CAP_LAST_CAP 40

struct cred {
	uint32_t uid, euid, suid, fsuid;
	uint32_t gid, egid, sgid, fsgid;
	int ngroups;
	uint32_t groups[NGROUPS_MAX_K];
};

const struct cred *current_cred(void);
/* Privileged for process operations (CAP_SETUID, CAP_KILL, CAP_CHOWN...). */
bool cred_privileged(void);
/* Privileged for file access (CAP_DAC_OVERRIDE, CAP_FOWNER): fsuid 0. */
bool cred_fs_privileged(void);
/* Is gid the caller's fs group or one of its supplementary groups? */
bool cred_in_group(uint32_t gid);
/*
 * The IDs a program runs with after execve of a file with these set-ID
 * bits (S_ISUID 04000, S_ISGID 02000 with group execute 010) and owner:
 * true when they differ from the real IDs (AT_SECURE, not dumpable).
 */
bool cred_exec(struct cred *c, uint32_t setid, uint32_t uid, uint32_t gid);
/* Swap the caller's fs IDs with *fsuid, *fsgid (faccessat's real-ID check). */
void cred_swap_fs_ids(uint32_t *fsuid, uint32_t *fsgid);

#endif
