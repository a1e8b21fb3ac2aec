// SPDX-License-Identifier: MIT
/*
 * cred.c - user and group IDs and what they allow: set*id/get*id rules for
 * root and for an ordinary user, supplementary groups, file permission
 * checks (owner, group, other bits), ownership of new files, chmod/chown/
 * utimes ownership rules, and kill permission.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define D "/tmp/cred"

static void test_root_rules(void)
{
	uid_t r, e, s;

	CHECK_EQ(getuid(), 0, "we start as root");
	CHECK_OK(setreuid(-1, 1000), "root: setreuid(-1, 1000)");
	getresuid(&r, &e, &s);
	CHECK(r == 0 && e == 1000 && s == 1000, "euid and saved uid moved, real stayed");
	CHECK_EQ(setfsuid(-1), 1000, "the fs uid followed the effective uid");
	CHECK_OK(seteuid(0), "back to euid 0 (the real uid)");
	getresuid(&r, &e, &s);
	CHECK(r == 0 && e == 0 && s == 1000, "euid 0 again, saved uid unchanged");
	CHECK_OK(setresuid(0, 0, 0), "setresuid(0, 0, 0)");
	gid_t g[2] = { 5, 6 }, got[4];
	CHECK_OK(setgroups(2, g), "root: setgroups");
	CHECK_EQ(getgroups(0, NULL), 2, "getgroups(0) counts them");
	CHECK(getgroups(4, got) == 2 && got[0] == 5 && got[1] == 6, "getgroups lists them");
	CHECK_ERR(getgroups(1, got), EINVAL, "getgroups into too small a list: EINVAL");
	CHECK_OK(setgroups(0, NULL), "clear the groups");
}

/* In a child that becomes uid 1000, gid 100, groups {7}. */
static int as_user(void)
{
	gid_t g = 7;
	uid_t r, e, s;

	if (setgroups(1, &g) || setresgid(100, 100, 100) || setresuid(1000, 1000, 1000))
		return 90;
	getresuid(&r, &e, &s);
	CHECK(r == 1000 && e == 1000 && s == 1000, "user: all three uids are 1000");
	CHECK_EQ(getegid(), 100, "user: egid 100");
	CHECK_ERR(setuid(0), EPERM, "user: setuid(0): EPERM");
	CHECK_ERR(setgroups(0, NULL), EPERM, "user: setgroups: EPERM");
	CHECK_ERR(setresuid(-1, 0, -1), EPERM, "user: setresuid to root: EPERM");
	CHECK_OK(setuid(1000), "user: setuid to itself");

	CHECK_ERR(open(D "/secret", O_RDONLY), EACCES, "user: read a 0600 root file: EACCES");
	int fd = open(D "/public", O_RDONLY);
	CHECK(fd >= 0, "user: read a 0644 root file");
	close(fd);
	CHECK_ERR(open(D "/public", O_WRONLY), EACCES, "user: write a 0644 root file: EACCES");
	fd = open(D "/group7", O_RDWR);
	CHECK(fd >= 0, "user: a 0660 file of a supplementary group is writable");
	close(fd);
	CHECK_ERR(open(D "/priv/x", O_RDONLY), EACCES, "user: through a 0700 root dir: EACCES");
	CHECK_ERR(chmod(D "/public", 0666), EPERM, "user: chmod a root file: EPERM");
	CHECK_ERR(chown(D "/public", 1000, 100), EPERM, "user: chown a root file: EPERM");
	struct timeval tv[2] = { { 1, 0 }, { 1, 0 } };
	CHECK_ERR(utimes(D "/public", tv), EPERM, "user: explicit times on a root file: EPERM");
	CHECK_ERR(utimes(D "/public", NULL), EACCES, "user: touch an unwritable root file: EACCES");

	fd = open(D "/open/mine", O_CREAT | O_WRONLY, 0640);
	CHECK(fd >= 0, "user: create in a 0777 dir");
	close(fd);
	struct stat st;
	stat(D "/open/mine", &st);
	CHECK(st.st_uid == 1000 && st.st_gid == 100, "user: a new file belongs to 1000:100");
	CHECK_OK(chmod(D "/open/mine", 0600), "user: chmod its own file");
	CHECK_OK(chown(D "/open/mine", -1, 7), "user: chgrp to a group it is in");
	CHECK_ERR(chown(D "/open/mine", -1, 8), EPERM, "user: chgrp to another group: EPERM");
	CHECK_ERR(chown(D "/open/mine", 0, -1), EPERM, "user: give it away: EPERM");
	CHECK_OK(utimes(D "/open/mine", tv), "user: explicit times on its own file");
	CHECK_ERR(kill(1, 0), EPERM, "user: signal root's init: EPERM");
	CHECK_OK(kill(getpid(), 0), "user: signal itself");
	return 0;
}

int main(void)
{
	check_begin("cred");
	mkdir(D, 0755);
	mkdir(D "/priv", 0700);
	mkdir(D "/open", 0777);
	chmod(D "/open", 0777);
	close(open(D "/secret", O_CREAT | O_WRONLY, 0600));
	close(open(D "/public", O_CREAT | O_WRONLY, 0644));
	close(open(D "/priv/x", O_CREAT | O_WRONLY, 0644));
	close(open(D "/group7", O_CREAT | O_WRONLY, 0660));
	chown(D "/group7", 0, 7);
	chmod(D "/group7", 0660); /* umask took the group write bit */
	test_root_rules();

	/* The child's checks count in our closing line: it sends its tally. */
	int p[2], tally[2] = { 0, 0 };
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		check_passed = check_failed = 0; /* count only the child's own */
		int rc = as_user();
		int t[2] = { check_passed, check_failed };
		write(p[1], t, sizeof(t));
		_exit(rc);
	}
	int st;
	waitpid(pid, &st, 0);
	read(p[0], tally, sizeof(tally));
	check_passed += tally[0];
	check_failed += tally[1];
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the user child ran its checks");
	struct stat s;
	CHECK(stat(D "/open/mine", &s) == 0 && s.st_uid == 1000 && s.st_gid == 7 &&
		      (s.st_mode & 0777) == 0600,
	      "root sees the user's file as 1000:7 0600");
	CHECK_OK(chown(D "/open/mine", 0, 0), "root gives it to itself");
	return check_done();
}
