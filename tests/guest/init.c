/* SPDX-License-Identifier: MIT */
/*
 * init.c - /init of the test initramfs: the guest test runner.
 *
 * Runs every executable in /tests in name order, or only those named by the
 * environment variable tests=a,b (Linux hands unknown "key=value" words of
 * the kernel command line to init as environment, so `tests=a,b` on the
 * command line selects).  Each program runs by fork + execve + wait4 with
 * the runner's fds 0-2 (the console); after each the runner prints
 *     RUNNER: <name> exit <wait status, decimal>
 * then "RUNNER: done", syncs and powers the machine off, so QEMU exits.
 *
 * Only plain syscalls: the runner must work on Linux and on LevitateOS from
 * their first days.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

#define TESTS_DIR "/tests"
#define MAX_TESTS 256

extern char **environ;

/* Unbuffered console output, so nothing is lost or duplicated across fork. */
static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (n > 0)
		write(1, buf, n);
}

static void power_off(void)
{
	sync();
	reboot(RB_POWER_OFF);
	say("RUNNER: reboot(RB_POWER_OFF) returned\n");
	_exit(1); /* init exiting panics the kernel; panic=-1 then ends QEMU */
}

/* If the kernel gave init no console fds, open /dev/console as 0, 1, 2. */
static void ensure_console(void)
{
	int fd;

	if (fcntl(1, F_GETFD) >= 0)
		return;
	fd = open("/dev/console", O_RDWR);
	if (fd < 0)
		return;
	while (fd < 2)
		fd = dup(fd);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names of the programs to run: from tests=a,b, else all of /tests sorted. */
static int list_tests(char **names)
{
	const char *sel = getenv("tests");
	struct dirent *de;
	DIR *dir;
	int n = 0;

	if (sel && *sel) {
		char *s = strdup(sel), *tok, *save = NULL;

		for (tok = strtok_r(s, ",", &save); tok && n < MAX_TESTS;
		     tok = strtok_r(NULL, ",", &save))
			names[n++] = tok;
		return n;
	}
	dir = opendir(TESTS_DIR);
	if (!dir) {
		say("RUNNER: cannot open " TESTS_DIR "\n");
		return 0;
	}
	while ((de = readdir(dir)) && n < MAX_TESTS) {
		if (de->d_name[0] == '.')
			continue;
		names[n++] = strdup(de->d_name);
	}
	closedir(dir);
	qsort(names, n, sizeof(names[0]), name_cmp);
	return n;
}

static void run_one(const char *name)
{
	char path[300];
	int status = 0;
	pid_t pid;

	snprintf(path, sizeof(path), TESTS_DIR "/%s", name);
	pid = fork();
	if (pid < 0) {
		say("RUNNER: %s fork failed\n", name);
		return;
	}
	if (pid == 0) {
		char *argv[] = { path, NULL };

		execve(path, argv, environ);
		say("RUNNER: %s execve failed\n", name);
		_exit(127);
	}
	if (wait4(pid, &status, 0, NULL) != pid) {
		say("RUNNER: %s wait4 failed\n", name);
		return;
	}
	say("RUNNER: %s exit %d\n", name, status);
}

int main(void)
{
	static char *names[MAX_TESTS];
	int i, n;

	ensure_console();
	n = list_tests(names);
	say("RUNNER: %d tests\n", n);
	for (i = 0; i < n; i++)
		run_one(names[i]);
	say("RUNNER: done\n");
	power_off();
	return 0;
}
