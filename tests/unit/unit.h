/* SPDX-License-Identifier: MIT */
/*
 * unit.h - the checks every host unit test uses.  EXPECT(c) counts a check
 * and, when c is false, prints "FAIL file:line: c" and counts a failure;
 * EXPECT_EQ(a, b) compares two integers (as long) and prints both when
 * they differ.  The counters belong to the program: a test defines them
 * (int failures, checks;) unless a helper it links with does (fs_host.c).
 */
#ifndef TESTS_UNIT_UNIT_H
#define TESTS_UNIT_UNIT_H

#include <stdio.h>

extern int failures, checks;

#define EXPECT(c)                                                          \
	do {                                                               \
		checks++;                                                  \
		if (!(c)) {                                                \
			printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #c); \
			failures++;                                        \
		}                                                          \
	} while (0)
#define EXPECT_EQ(a, b)                                                    \
	do {                                                               \
		long a_ = (long)(a), b_ = (long)(b);                       \
		checks++;                                                  \
		if (a_ != b_) {                                            \
			printf("FAIL %s:%d: %s == %ld, want %ld\n", __FILE__, \
			       __LINE__, #a, a_, b_);                      \
			failures++;                                        \
		}                                                          \
	} while (0)

#endif
