/* SPDX-License-Identifier: MIT */
/*
 * dynamic.c - guest test, linked dynamically against musl (the only one
 * that is): execve loads the program interpreter PT_INTERP names
 * (/lib/ld-musl-<arch>.so.1, musl's libc.so, in the test initramfs) beside
 * the program and starts it there; the auxiliary vector says where each
 * is.  An interpreter that is missing makes execve fail with ENOENT.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "../guest/check.h"

extern char **environ;

static int objects;

static int count_object(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)info;
	(void)size;
	(void)data;
	objects++;
	return 0;
}

/* The PT_INTERP string of this program, found through AT_PHDR. */
static const char *interp_of_self(void)
{
	const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
	size_t n = getauxval(AT_PHNUM);
	uintptr_t bias = 0;

	for (size_t i = 0; i < n; i++)
		if (ph[i].p_type == PT_PHDR)
			bias = (uintptr_t)ph - ph[i].p_vaddr;
	for (size_t i = 0; i < n; i++)
		if (ph[i].p_type == PT_INTERP)
			return (const char *)(bias + ph[i].p_vaddr);
	return NULL;
}

/* Copy this program to path with its interpreter's name changed. */
static int copy_with_interp(const char *path, const char *from, const char *to)
{
	static char buf[1 << 20];
	int fd = open("/proc/self/exe", O_RDONLY), out;
	ssize_t n;

	if (fd < 0)
		fd = open(getenv("DYN_SELF") ? getenv("DYN_SELF") : "/tests/dynamic", O_RDONLY);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n <= 0)
		return -1;
	for (ssize_t i = 0; i + (ssize_t)strlen(from) < n; i++)
		if (!memcmp(buf + i, from, strlen(from))) {
			memcpy(buf + i, to, strlen(to));
			break;
		}
	out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (out < 0 || write(out, buf, n) != n)
		return -1;
	return close(out);
}

int main(int argc, char **argv)
{
	const char *interp;
	pid_t pid;
	int st;

	if (argc > 1 && !strcmp(argv[1], "child"))
		return getauxval(AT_BASE) && getenv("DYN_MARK") ? 42 : 1;
	check_begin("dynamic");
	interp = interp_of_self();
	CHECK(interp && !strncmp(interp, "/lib/ld-musl-", 13), "the program names musl's dynamic linker");
	CHECK(getauxval(AT_BASE) != 0, "AT_BASE: the interpreter was loaded");
	CHECK_EQ(getauxval(AT_BASE) % 4096, 0, "AT_BASE is page aligned");
	CHECK(getauxval(AT_ENTRY) == (uintptr_t)getauxval(AT_ENTRY) &&
	      getauxval(AT_ENTRY) != getauxval(AT_BASE), "AT_ENTRY is the program's entry");
	CHECK_EQ(getauxval(AT_PHENT), sizeof(Elf64_Phdr), "AT_PHENT");
	dl_iterate_phdr(count_object, NULL);
	CHECK(objects >= 2, "dl_iterate_phdr sees the program and libc.so");
	CHECK(argc == 1 && !strcmp(argv[0], "/tests/dynamic"), "argv reaches main");
	CHECK(environ && environ[0], "the environment reaches main");
	errno = 0;
	CHECK(close(-1) == -1 && errno == EBADF, "errno (thread-local) works");

	setenv("DYN_MARK", "1", 1);
	pid = fork();
	if (pid == 0) {
		char *av[] = { "/tests/dynamic", "child", NULL };
		execve(av[0], av, environ);
		_exit(2);
	}
	waitpid(pid, &st, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "a dynamic program execs a dynamic program");

	CHECK_OK(copy_with_interp("/tmp/nointerp", "/lib/ld-musl-", "/lib/no-musl-"),
		 "copy the program naming a missing interpreter");
	char *av[] = { "/tmp/nointerp", NULL };
	CHECK_ERR(execve(av[0], av, environ), ENOENT, "execve with a missing interpreter: ENOENT");
	/* The same name under /tmp, holding text: not an ELF interpreter. */
	char fake[64] = "/tmp/ld-musl-";
	strncat(fake, interp ? interp + 13 : "", sizeof(fake) - 14);
	int fd = open(fake, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	char text[256];
	memset(text, '#', sizeof(text));
	CHECK(fd >= 0 && write(fd, text, sizeof(text)) == sizeof(text) && !close(fd),
	      "write a text file where the interpreter will be looked for");
	CHECK_OK(copy_with_interp("/tmp/badinterp", "/lib/ld-musl-", "/tmp/ld-musl-"),
		 "copy the program naming it as its interpreter");
	av[0] = "/tmp/badinterp";
	CHECK_ERR(execve(av[0], av, environ), ELIBBAD, "execve with a non-ELF interpreter: ELIBBAD");
	fd = open(fake, O_WRONLY | O_TRUNC);
	CHECK(fd >= 0 && write(fd, text, 16) == 16 && !close(fd), "cut it to 16 bytes");
	CHECK_ERR(execve(av[0], av, environ), EIO, "execve with a truncated interpreter: EIO");
	unlink(fake);
	unlink("/tmp/nointerp");
	unlink("/tmp/badinterp");
	return check_done();
}
