/* SPDX-License-Identifier: MIT */
/*
 * arch/abi.h - the parts of the Linux user ABI that differ per architecture:
 * open(2) flag bits and struct stat.  (x86_64: arch/x86/include/uapi/asm/stat.h,
 * asm-generic/fcntl.h with the x86 values.)
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
#define O_DIRECT 00040000
#define O_LARGEFILE 00100000
#define O_DIRECTORY 00200000
#define O_NOFOLLOW 00400000
#define O_NOATIME 01000000
#define O_CLOEXEC 02000000
#define O_SYNC 04010000
#define O_PATH 010000000
#define O_TMPFILE 020200000

struct user_stat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint64_t st_nlink;
	uint32_t st_mode;
	uint32_t st_uid;
	uint32_t st_gid;
	uint32_t pad0_;
	uint64_t st_rdev;
	int64_t st_size;
	int64_t st_blksize;
	int64_t st_blocks;
	uint64_t st_atime_sec;
	uint64_t st_atime_nsec;
	uint64_t st_mtime_sec;
	uint64_t st_mtime_nsec;
	uint64_t st_ctime_sec;
	uint64_t st_ctime_nsec;
	int64_t unused_[3];
};



/* struct semid64_ds past its ipc64_perm (arch/x86/include/uapi/asm/sembuf.h). */
struct user_semid_tail {
	int64_t sem_otime;
	uint64_t unused1_;
	int64_t sem_ctime;
	uint64_t unused2_;
	uint64_t sem_nsems;
	uint64_t unused3_, unused4_;
};

/* ELF: the machine we run and what AT_PLATFORM/AT_HWCAP say. */
#define ELF_MACHINE 62 /* EM_X86_64 */
#define ELF_PLATFORM "x86_64"
#define UTS_MACHINE "x86_64"
/* sigaltstack: the smallest alternate stack (arch/x86/include/uapi/asm/signal.h). */
#define ARCH_MINSIGSTKSZ 2048
unsigned long arch_elf_hwcap(void);
#endif
