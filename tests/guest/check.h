/* SPDX-License-Identifier: MIT */
/*
 * check.h - the tiny check library every guest test uses.
 *
 * A guest test is an ordinary static Linux program.  It prints one line per
 * check:
 *     ok - <test>: <what>
 *     FAIL - <test>: <what> (<details>)
 * and closes with "N passed, N failed".  It must pass on Debian's Linux
 * kernel with the same initramfs: Linux's behaviour is the expected one.
 */
#ifndef CHECK_H
#define CHECK_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *check_test = "test";
static int check_passed, check_failed;

static inline void check_begin(const char *name)
{
	check_test = name;
	setvbuf(stdout, NULL, _IONBF, 0);
}

static inline int check_report(int ok, const char *what, const char *fmt, long a,
			       long b)
{
	if (ok) {
		check_passed++;
		printf("ok - %s: %s\n", check_test, what);
	} else {
		check_failed++;
		printf("FAIL - %s: %s (", check_test, what);
		printf(fmt, a, b);
		printf(")\n");
	}
	return ok;
}

/* CHECK(cond, what): a plain truth check. */
#define CHECK(cond, what) \
	check_report(!!(cond), (what), "line %ld%.0ld", (long)__LINE__, 0L)

/* CHECK_EQ(a, b, what): two integers are equal. */
#define CHECK_EQ(a, b, what)                                            \
	do {                                                            \
		long check_a_ = (long)(a), check_b_ = (long)(b);        \
		check_report(check_a_ == check_b_, (what),              \
			     "got %ld, want %ld", check_a_, check_b_);  \
	} while (0)

/* CHECK_OK(expr, what): expr >= 0 (a syscall that must succeed). */
#define CHECK_OK(expr, what)                                            \
	do {                                                            \
		errno = 0;                                              \
		long check_r_ = (long)(expr);                           \
		check_report(check_r_ >= 0, (what),                     \
			     "returned %ld, errno %ld", check_r_,       \
			     (long)errno);                              \
	} while (0)

/* CHECK_ERR(expr, err, what): expr returns -1 with errno == err. */
#define CHECK_ERR(expr, err, what)                                      \
	do {                                                            \
		errno = 0;                                              \
		long check_r_ = (long)(expr);                           \
		int check_e_ = errno;                                   \
		check_report(check_r_ == -1 && check_e_ == (err), (what), \
			     "returned %ld, errno %ld", check_r_,       \
			     (long)check_e_);                           \
	} while (0)

/* Print the closing line; return the exit status for main. */
static inline int check_done(void)
{
	printf("%d passed, %d failed\n", check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
