/* SPDX-License-Identifier: MIT */
/*
 * smoke.c - the smallest guest test: proves the pipeline (build, initramfs,
 * runner, harness) with a few checks of getpid and write.
 */
#include <sys/syscall.h>

#include "check.h"

int main(void)
{
	check_begin("smoke");
	CHECK(getpid() > 1, "getpid is above 1 (init is 1)");
	CHECK_EQ(getpid(), syscall(SYS_getpid), "libc getpid matches the syscall");
	CHECK_EQ(write(1, "", 0), 0, "write of 0 bytes returns 0");
	CHECK_EQ(write(1, "smoke: hello\n", 13), 13, "write returns the byte count");
	CHECK_ERR(write(-1, "x", 1), EBADF, "write to fd -1 is EBADF");
	return check_done();
}
