/* SPDX-License-Identifier: MIT */
/*
 * arch/abi.h - the parts of the Linux user ABI that differ per architecture:
 * open(2) flag bits and struct stat.  (arm64: arch/arm64/include/uapi/asm/
 * fcntl.h, which moves O_DIRECTORY, O_NOFOLLOW, O_DIRECT and O_LARGEFILE,
 * and the asm-generic struct stat of include/uapi/asm-generic/stat.h.)
 */
#ifndef ARCH_ABI_H
#define ARCH_ABI_H

#include <stdint.h>

#define O_ACCMODE 00000003
#define O_RDONLY 00000000
#define O_WRONLY 00000001
#define O_RDWR 00000002
#define O_CREAT 00000100
#define O_EXCL 00000200
#define O_NOCTTY 00000400
#define O_TRUNC 00001000
#define O_APPEND 00002000
#define O_NONBLOCK 00004000
#define O_DSYNC 00010000
#define O_DIRECTORY 00040000
#define O_NOFOLLOW 00100000
#define O_DIRECT 00200000
#define O_LARGEFILE 00400000
#define O_NOATIME 01000000
#define O_CLOEXEC 02000000
#define O_SYNC 04010000
#define O_PATH 010000000
#define O_TMPFILE 020040000 /* __O_TMPFILE | O_DIRECTORY */

struct user_stat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_rdev;
	uint64_t pad1_;
	int64_t st_size;
	int32_t st_blksize;
	int32_t pad2_;
	int64_t st_blocks;
	uint64_t st_atime_sec;
	uint64_t st_atime_nsec;
	uint64_t st_mtime_sec;
	uint64_t st_mtime_nsec;
	uint64_t st_ctime_sec;
	uint64_t st_ctime_nsec;
	uint32_t unused_[2];
};

/* struct semid64_ds past its ipc64_perm (asm-generic/sembuf.h). */
struct user_semid_tail {
	int64_t sem_otime;
	int64_t sem_ctime;
	uint64_t sem_nsems;
	uint64_t unused3_, unused4_;
};

/* ELF: the machine we run and what AT_PLATFORM/AT_HWCAP say. */
#define ELF_MACHINE 183 /* EM_AARCH64 */
#define ELF_PLATFORM "aarch64"
#define UTS_MACHINE "aarch64"
/* sigaltstack: the smallest alternate stack (arch/arm64/include/uapi/asm/signal.h). */
#define ARCH_MINSIGSTKSZ 5120
unsigned long arch_elf_hwcap(void);
#endif
