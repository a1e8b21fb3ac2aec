/* SPDX-License-Identifier: MIT */
/*
 * hello/init.c - /init of the demo image that `./levitate run` boots until
 * BusyBox exists: greets, prints uname, powers off.  With "restart" on the
 * kernel command line (the kernel passes it to init as an argument) it
 * restarts the machine instead.
 */
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct utsname u;

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("\nHello, world: a static Linux program is running as /init.\n");
	if (uname(&u) == 0)
		printf("uname: %s %s %s %s %s\n", u.sysname, u.nodename,
		       u.release, u.version, u.machine);
	else
		perror("uname");
	sync();
	if (argc > 1 && !strcmp(argv[1], "restart")) {
		printf("pid %d; restarting.\n", (int)getpid());
		reboot(RB_AUTOBOOT);
	} else {
		printf("pid %d; powering off.\n", (int)getpid());
		reboot(RB_POWER_OFF);
	}
	perror("reboot");
	return 1;
}
