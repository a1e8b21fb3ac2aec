// SPDX-License-Identifier: MIT
// sources: fs/path_parse.c
/*
 * test_path.c - the path-string helpers of the path walk (fs/path_parse.c):
 * splitting into components with Linux's slash rules, trailing slashes,
 * "." and "..", splicing a symlink target into the rest of a path within
 * PATH_MAX, and getcwd's back-to-front builder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs/path.h"
#include "tests/unit/unit.h"

#define PATH_MAX 4096

int failures, checks;

/* Components of path joined with '|', and whether it ends in a slash. */
static void split(const char *path, char *out, size_t size, int *trailing)
{
	const char *p = path, *name;
	size_t len, at = 0;

	out[0] = '\0';
	*trailing = 0;
	while (path_next(&p, &name, &len)) {
		at += (size_t)snprintf(out + at, size - at, "%s%.*s", at ? "|" : "",
				       (int)len, name);
		if (path_at_end(p))
			*trailing = *p == '/';
	}
}

static int split_is(const char *path, const char *want, int want_trailing)
{
	char out[256];
	int trailing;

	split(path, out, sizeof(out), &trailing);
	return !strcmp(out, want) && trailing == want_trailing;
}

static void test_next(void)
{
	EXPECT(split_is("", "", 0));
	EXPECT(split_is("/", "", 0));
	EXPECT(split_is("////", "", 0));
	EXPECT(split_is("a", "a", 0));
	EXPECT(split_is("/a", "a", 0));
	EXPECT(split_is("a/b/c", "a|b|c", 0));
	EXPECT(split_is("//a///b//", "a|b", 1));
	EXPECT(split_is("a/", "a", 1));
	EXPECT(split_is("./../x/.", ".|..|x|.", 0));
	EXPECT(split_is("...", "...", 0));
	EXPECT(split_is(" a b /c", " a b |c", 0));

	/* The cursor stops right after the component. */
	{
		const char *p = "/usr//bin", *name;
		size_t len;
		EXPECT(path_next(&p, &name, &len) && len == 3 && !strncmp(name, "usr", 3));
		EXPECT(!strcmp(p, "//bin") && !path_at_end(p));
		EXPECT(path_next(&p, &name, &len) && len == 3 && !strcmp(p, ""));
		EXPECT(path_at_end(p) && !path_next(&p, &name, &len));
	}
}

static void test_types(void)
{
	EXPECT(path_component_type(".", 1) == PATH_DOT);
	EXPECT(path_component_type("..", 2) == PATH_DOTDOT);
	EXPECT(path_component_type("...", 3) == PATH_NORM);
	EXPECT(path_component_type(".a", 2) == PATH_NORM);
	EXPECT(path_component_type("a.", 2) == PATH_NORM);
	EXPECT(path_component_type("..x", 2) == PATH_DOTDOT);  /* len counts */
}

static void test_splice(void)
{
	char *out = malloc(PATH_MAX), *big = malloc(PATH_MAX + 1);

	EXPECT(path_splice(out, PATH_MAX, "target", 6, "/rest/x") == 0);
	EXPECT(!strcmp(out, "target/rest/x"));
	EXPECT(path_splice(out, PATH_MAX, "/abs", 4, "") == 0 && !strcmp(out, "/abs"));
	EXPECT(path_splice(out, PATH_MAX, "dir", 3, "/") == 0 && !strcmp(out, "dir/"));

	/* The target read into out itself (as the walk does). */
	memcpy(out, "linkdata", 8);
	EXPECT(path_splice(out, PATH_MAX, out, 4, "/tail") == 0);
	EXPECT(!strcmp(out, "link/tail"));

	/* Exactly PATH_MAX - 1 characters fit; one more does not. */
	memset(big, 'a', PATH_MAX);
	big[PATH_MAX - 1 - 3] = '\0';
	EXPECT(path_splice(out, PATH_MAX, "xyz", 3, big) == 0);
	EXPECT(strlen(out) == PATH_MAX - 1);
	big[PATH_MAX - 1 - 3] = 'a';
	big[PATH_MAX - 3] = '\0';
	EXPECT(path_splice(out, PATH_MAX, "xyz", 3, big) == -ENAMETOOLONG);
	EXPECT(path_splice(out, 4, "abcd", 4, "") == -ENAMETOOLONG);
	EXPECT(path_splice(out, 5, "abcd", 4, "") == 0 && !strcmp(out, "abcd"));
	free(out);
	free(big);
}

static void test_prepend(void)
{
	char buf[16];
	size_t at = sizeof(buf) - 1;

	buf[at] = '\0';
	EXPECT(path_prepend(buf, &at, "b", 1) == 0);
	EXPECT(path_prepend(buf, &at, "a", 1) == 0);
	EXPECT(!strcmp(buf + at, "/a/b"));
	EXPECT(path_prepend(buf, &at, "1234567890", 10) == 0);
	EXPECT(!strcmp(buf + at, "/1234567890/a/b") && at == 0);
	EXPECT(path_prepend(buf, &at, "x", 1) == -ENAMETOOLONG);
	EXPECT(!strcmp(buf + at, "/1234567890/a/b"));

	at = sizeof(buf) - 1;
	EXPECT(path_prepend(buf, &at, "123456789012345", 15) == -ENAMETOOLONG);
	EXPECT(path_prepend(buf, &at, "12345678901234", 14) == 0 && at == 0);
}

int main(void)
{
	test_next();
	test_types();
	test_splice();
	test_prepend();
	printf("test_path: %d checks, %d failed\n", checks, failures);
	return failures != 0;
}
