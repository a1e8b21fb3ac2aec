/* SPDX-License-Identifier: MIT */
/*
 * hello/init.c - /init of the demo image that `./levitate run` boots until
 * BusyBox exists: greets, prints uname, powers off.
 */
#include <stdio.h>
#include <sys/reboot.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void)
{
	struct utsname u;

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("\nHello, world: a static Linux program is running as /init.\n");
	if (uname(&u) == 0)
		printf("uname: %s %s %s %s %s\n", u.sysname, u.nodename,
		       u.release, u.version, u.machine);
	else
		perror("uname");
	printf("pid %d; powering off.\n", (int)getpid());
	sync();
	reboot(RB_POWER_OFF);
	perror("reboot");
	return 1;
}
