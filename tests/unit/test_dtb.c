// SPDX-License-Identifier: MIT
// sources: arch/aarch64/dtb.c
/*
 * test_dtb.c - the device tree reader (arch/aarch64/dtb.c) against a blob
 * shaped like QEMU virt's, then truncated, corrupt and hostile ones.  Every
 * blob lives in a heap buffer of exactly the length handed to dt_parse, so
 * ASan reports any read past it; whatever dt_parse accepts, every query is
 * then run over every node.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/aarch64/dtb.h"
#include "tests/unit/unit.h"

int failures, checks;

/* ---- a small FDT writer ------------------------------------------------ */

struct fdt {
	uint8_t st[8192];
	size_t st_len;
	char str[2048];
	size_t str_len;
	uint64_t rsv[8][2];
	int nrsv;
};

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void tok(struct fdt *f, uint32_t v)
{
	put32(f->st + f->st_len, v);
	f->st_len += 4;
}

static void begin(struct fdt *f, const char *name)
{
	size_t n = strlen(name) + 1;

	tok(f, 1);
	memcpy(f->st + f->st_len, name, n);
	f->st_len = (f->st_len + n + 3) & ~3UL;
}

static void end(struct fdt *f)
{
	tok(f, 2);
}

static uint32_t string_off(struct fdt *f, const char *name)
{
	for (size_t off = 0; off < f->str_len; off += strlen(f->str + off) + 1)
		if (!strcmp(f->str + off, name))
			return (uint32_t)off;
	memcpy(f->str + f->str_len, name, strlen(name) + 1);
	f->str_len += strlen(name) + 1;
	return (uint32_t)(f->str_len - strlen(name) - 1);
}

static void prop(struct fdt *f, const char *name, const void *v, size_t len)
{
	tok(f, 3);
	tok(f, (uint32_t)len);
	tok(f, string_off(f, name));
	memcpy(f->st + f->st_len, v, len);
	f->st_len = (f->st_len + len + 3) & ~3UL;
}

static void prop_str(struct fdt *f, const char *name, const char *s)
{
	prop(f, name, s, strlen(s) + 1);
}

/* A property of n big-endian cells. */
static void prop_cells(struct fdt *f, const char *name, int n, ...)
{
	uint8_t v[64];
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++)
		put32(v + 4 * i, va_arg(ap, uint32_t));
	va_end(ap);
	prop(f, name, v, 4 * (size_t)n);
}

/* The finished blob in a malloc'd buffer of exactly *len bytes. */
static uint8_t *finish(struct fdt *f, size_t *len)
{
	size_t rsv_off = 40, st_off = rsv_off + 16 * ((size_t)f->nrsv + 1);
	size_t str_off = st_off + f->st_len, total = str_off + f->str_len;
	uint8_t *b = calloc(1, total);

	put32(b, 0xd00dfeed);
	put32(b + 4, (uint32_t)total);
	put32(b + 8, (uint32_t)st_off);
	put32(b + 12, (uint32_t)str_off);
	put32(b + 16, (uint32_t)rsv_off);
	put32(b + 20, 17);
	put32(b + 24, 16);
	put32(b + 32, (uint32_t)f->str_len);
	put32(b + 36, (uint32_t)f->st_len);
	for (int i = 0; i < f->nrsv; i++) {
		put32(b + rsv_off + 16 * i, (uint32_t)(f->rsv[i][0] >> 32));
		put32(b + rsv_off + 16 * i + 4, (uint32_t)f->rsv[i][0]);
		put32(b + rsv_off + 16 * i + 8, (uint32_t)(f->rsv[i][1] >> 32));
		put32(b + rsv_off + 16 * i + 12, (uint32_t)f->rsv[i][1]);
	}
	memcpy(b + st_off, f->st, f->st_len);
	memcpy(b + str_off, f->str, f->str_len);
	*len = total;
	return b;
}

/* QEMU virt's shape: the nodes and properties LevitateOS reads. */
static void build_virt(struct fdt *f)
{
	memset(f, 0, sizeof(*f));
	f->rsv[0][0] = 0x40000000;
	f->rsv[0][1] = 0x1000;
	f->nrsv = 1;
	begin(f, "");
	prop_cells(f, "interrupt-parent", 1, 0x8002u);
	prop_cells(f, "#size-cells", 1, 2u);
	prop_cells(f, "#address-cells", 1, 2u);
	prop_str(f, "compatible", "linux,dummy-virt");
	begin(f, "psci");
	prop(f, "compatible", "arm,psci-1.0\0arm,psci-0.2\0arm,psci", 35);
	prop_str(f, "method", "hvc");
	end(f);
	begin(f, "memory@40000000");
	prop_cells(f, "reg", 4, 0u, 0x40000000u, 0u, 0x20000000u);
	prop_str(f, "device_type", "memory");
	end(f);
	begin(f, "pl011@9000000");
	prop_cells(f, "interrupts", 3, 0u, 1u, 4u);
	prop_cells(f, "reg", 4, 0u, 0x9000000u, 0u, 0x1000u);
	prop(f, "compatible", "arm,pl011\0arm,primecell", 24);
	end(f);
	begin(f, "intc@8000000");
	prop_cells(f, "phandle", 1, 0x8002u);
	prop_cells(f, "reg", 8, 0u, 0x8000000u, 0u, 0x10000u, 0u, 0x80a0000u, 0u,
		   0xf60000u);
	prop_str(f, "compatible", "arm,gic-v3");
	prop_cells(f, "#interrupt-cells", 1, 3u);
	end(f);
	begin(f, "timer");
	prop_cells(f, "interrupts", 12, 1u, 13u, 4u, 1u, 14u, 4u, 1u, 11u, 4u, 1u,
		   10u, 4u);
	prop_str(f, "compatible", "arm,armv8-timer");
	end(f);
	begin(f, "aliases");
	prop_str(f, "serial0", "/pl011@9000000");
	end(f);
	begin(f, "chosen");
	prop_str(f, "stdout-path", "/pl011@9000000:115200n8");
	prop_cells(f, "linux,initrd-end", 1, 0x48100000u);
	prop_cells(f, "linux,initrd-start", 1, 0x48000000u);
	prop_str(f, "bootargs", "console=ttyAMA0 quiet");
	end(f);
	end(f);
	tok(f, 9);
}

/* Run every query on every node: must not crash or read out of bounds. */
static void query_all(void)
{
	uint64_t a, s;
	uint32_t len, v;
	unsigned irq;

	for (int n = -1; n < 600; n++) {
		dt_prop(n, "reg", &len);
		dt_prop_u32(n, "#address-cells", &v);
		dt_prop_is(n, "status", "okay");
		dt_node_ok(n);
		dt_is_compatible(n, "arm,pl011");
		dt_node_name(n);
		for (int i = 0; i < 3; i++) {
			dt_reg(n, i, &a, &s);
			dt_irq(n, i, &irq);
		}
	}
	dt_find_compatible("arm,gic-v3", -1);
	dt_find_device_type("memory", -1);
	dt_find_path("/chosen");
	dt_find_path("serial0");
	dt_find_path("/a/b/c");
	dt_stdout_node();
	dt_find_phandle(0x8002);
	for (unsigned i = 0; dt_memreserve(i, &a, &s); i++)
		;
}

static const char *last_error; /* dt_error() of parse_copy's parse */

static bool parse_copy(const uint8_t *b, size_t len)
{
	uint8_t *c = b ? malloc(len ? len : 1) : NULL;
	bool ok;

	if (c)
		memcpy(c, b, len);
	ok = dt_parse(c, len);
	last_error = dt_error();
	query_all();
	free(c);
	dt_parse(NULL, 0); /* forget the freed blob */
	return ok;
}

static void test_virt(void)
{
	struct fdt f;
	size_t len;
	uint8_t *b;
	uint64_t a, s;
	uint32_t plen;
	unsigned irq;
	int n;

	build_virt(&f);
	b = finish(&f, &len);
	EXPECT(dt_parse(b, len));
	EXPECT(dt_valid() && dt_error() == NULL);
	EXPECT(dt_blob_size() == len);
	EXPECT(dt_memreserve(0, &a, &s) && a == 0x40000000 && s == 0x1000);
	EXPECT(!dt_memreserve(1, &a, &s));

	n = dt_find_device_type("memory", -1);
	EXPECT(n >= 0 && dt_reg(n, 0, &a, &s) && a == 0x40000000 && s == 0x20000000);
	EXPECT(!dt_reg(n, 1, &a, &s));
	EXPECT(dt_find_device_type("memory", n) < 0);

	n = dt_find_path("/chosen");
	const char *args = dt_prop(n, "bootargs", &plen);
	EXPECT(args && plen == 22 && !strcmp(args, "console=ttyAMA0 quiet"));
	EXPECT(dt_prop_u32(n, "linux,initrd-start", &plen) && plen == 0x48000000);

	n = dt_stdout_node();
	EXPECT(n >= 0 && dt_is_compatible(n, "arm,pl011") &&
	       dt_is_compatible(n, "arm,primecell") && !dt_is_compatible(n, "arm,pl01"));
	EXPECT(n == dt_find_compatible("arm,pl011", -1));
	EXPECT(n == dt_find_path("serial0"));
	EXPECT(n == dt_find_path("/pl011"));
	EXPECT(dt_find_path("/pl011@9000001") < 0);
	EXPECT(dt_irq(n, 0, &irq) && irq == 33);
	EXPECT(!dt_irq(n, 1, &irq));
	EXPECT(dt_node_ok(n));

	n = dt_find_compatible("arm,armv8-timer", -1);
	EXPECT(dt_irq(n, 2, &irq) && irq == 27);
	EXPECT(dt_irq(n, 3, &irq) && irq == 26);

	n = dt_find_compatible("arm,gic-v3", -1);
	EXPECT(n >= 0 && n == dt_find_phandle(0x8002));
	EXPECT(dt_reg(n, 1, &a, &s) && a == 0x80a0000 && s == 0xf60000);

	n = dt_find_path("/psci");
	EXPECT(n == dt_find_compatible("arm,psci-0.2", -1));
	EXPECT(dt_prop_is(n, "method", "hvc") && !dt_prop_is(n, "method", "smc"));
	EXPECT(dt_find_path("/nonexistent") < 0 && dt_find_path(NULL) < 0);
	free(b);
}

/* Every truncation, as given and with the header claiming the short size. */
static void test_truncated(void)
{
	struct fdt f;
	size_t len;
	uint8_t *b;
	int accepted = 0;

	build_virt(&f);
	b = finish(&f, &len);
	for (size_t l = 0; l < len; l++) {
		accepted += parse_copy(b, l);
		uint8_t *c = malloc(l + 1);
		memcpy(c, b, l);
		if (l >= 8)
			put32(c + 4, (uint32_t)l);
		accepted += parse_copy(c, l);
		free(c);
	}
	EXPECT(accepted == 0);
	EXPECT(!dt_valid() && last_error != NULL);
	free(b);
}

/* Random corruption (fixed seed): whatever is accepted is queried safely. */
static void test_corrupt(void)
{
	struct fdt f;
	size_t len;
	uint8_t *b, *c;
	uint64_t rng = 0x9e3779b97f4a7c15ULL;

	build_virt(&f);
	b = finish(&f, &len);
	c = malloc(len);
	for (int round = 0; round < 20000; round++) {
		memcpy(c, b, len);
		for (int k = 0; k < 1 + round % 4; k++) {
			rng ^= rng << 13;
			rng ^= rng >> 7;
			rng ^= rng << 17;
			c[rng % len] = (uint8_t)(rng >> 32);
		}
		parse_copy(c, len);
	}
	free(c);
	free(b);
	EXPECT(1);
}

static uint8_t *with_header(struct fdt *f, size_t *len, int field, uint32_t v)
{
	uint8_t *b = finish(f, len);

	put32(b + 4 * field, v);
	return b;
}

static void expect_refused(uint8_t *b, size_t len, const char *why)
{
	EXPECT(!parse_copy(b, len));
	if (!last_error || !strstr(last_error, why)) {
		printf("FAIL: expected \"%s\", got \"%s\"\n", why,
		       last_error ? last_error : "(none)");
		failures++;
	}
	free(b);
}

static void refuse_built(struct fdt *f, const char *why)
{
	size_t len;
	uint8_t *b = finish(f, &len);

	expect_refused(b, len, why);
}

static void refuse_header(struct fdt *f, int field, uint32_t v, const char *why)
{
	size_t len;
	uint8_t *b = with_header(f, &len, field, v);

	expect_refused(b, len, why);
}

static void test_hostile(void)
{
	struct fdt f;
	size_t len;

	build_virt(&f);
	refuse_header(&f, 0, 0xd00dfeee, "magic");
	refuse_header(&f, 5, 16, "version");
	refuse_header(&f, 6, 18, "version");
	refuse_header(&f, 1, 0xffffffff, "totalsize");
	refuse_header(&f, 2, 0xfffffff0, "structure");
	refuse_header(&f, 2, 42, "structure");
	refuse_header(&f, 9, 0xfffffff0, "structure");
	refuse_header(&f, 3, 0xfffffff0, "strings");
	refuse_header(&f, 8, 0xfffffff0, "strings");
	refuse_header(&f, 4, 0xfffffff8, "reservation");
	refuse_header(&f, 4, 44, "reservation");
	expect_refused(NULL, 0, "blob");

	/* A property longer than the structure block. */
	memset(&f, 0, sizeof(f));
	begin(&f, "");
	tok(&f, 3);
	tok(&f, 0x7fffffff);
	tok(&f, string_off(&f, "x"));
	end(&f);
	tok(&f, 9);
	refuse_built(&f, "past the structure");

	/* A property name outside the strings block. */
	memset(&f, 0, sizeof(f));
	begin(&f, "");
	prop_str(&f, "compatible", "x");
	end(&f);
	tok(&f, 9);
	uint8_t *b = finish(&f, &len);
	put32(b + 40 + 16 + 4 + 4 + 4 + 4, 0x1000); /* nameoff of the property */
	expect_refused(b, len, "strings block");

	/* Unbalanced and misplaced tokens. */
	memset(&f, 0, sizeof(f));
	begin(&f, "");
	tok(&f, 9);
	refuse_built(&f, "FDT_END inside");
	memset(&f, 0, sizeof(f));
	begin(&f, "");
	end(&f);
	end(&f);
	tok(&f, 9);
	refuse_built(&f, "unbalanced");
	memset(&f, 0, sizeof(f));
	prop_str(&f, "compatible", "x");
	tok(&f, 9);
	refuse_built(&f, "outside a node");
	memset(&f, 0, sizeof(f));
	begin(&f, "");
	tok(&f, 7);
	end(&f);
	tok(&f, 9);
	refuse_built(&f, "unknown");
	memset(&f, 0, sizeof(f));
	begin(&f, "");
	end(&f);
	begin(&f, "");
	end(&f);
	tok(&f, 9);
	refuse_built(&f, "root");
	memset(&f, 0, sizeof(f));
	begin(&f, "");
	end(&f);
	refuse_built(&f, "without FDT_END");

	/* Nesting and node count limits. */
	memset(&f, 0, sizeof(f));
	for (int i = 0; i < 40; i++)
		begin(&f, "n");
	for (int i = 0; i < 40; i++)
		end(&f);
	tok(&f, 9);
	refuse_built(&f, "deeply");
	memset(&f, 0, sizeof(f));
	begin(&f, "");
	for (int i = 0; i < 600; i++) {
		begin(&f, "n");
		end(&f);
	}
	end(&f);
	tok(&f, 9);
	refuse_built(&f, "too many");

	/* An unterminated memory reservation block. */
	build_virt(&f);
	b = finish(&f, &len);
	for (size_t off = 40; off < 40 + 32; off++)
		b[off] = 0xff;
	EXPECT(!parse_copy(b, len));
	free(b);
}

/* Accepted blobs whose properties are malformed: the queries say no. */
static void test_bad_properties(void)
{
	struct fdt f;
	size_t len;
	uint8_t *b;
	uint64_t a, s;
	unsigned irq;
	int n;

	memset(&f, 0, sizeof(f));
	begin(&f, "");
	prop_cells(&f, "#address-cells", 1, 3u);
	begin(&f, "chosen");
	prop(&f, "stdout-path", "/dev", 4); /* no NUL */
	end(&f);
	begin(&f, "dev");
	prop_cells(&f, "reg", 4, 1u, 2u, 3u, 4u);
	prop_cells(&f, "interrupts", 2, 0u, 1u); /* no controller, short */
	prop(&f, "compatible", "abc", 3);         /* no NUL */
	prop(&f, "status", "disabled", 9);
	end(&f);
	end(&f);
	tok(&f, 9);
	b = finish(&f, &len);
	EXPECT(dt_parse(b, len));
	n = dt_find_path("/dev");
	EXPECT(n > 0 && !dt_reg(n, 0, &a, &s)); /* #address-cells 3 */
	EXPECT(!dt_irq(n, 0, &irq));
	EXPECT(!dt_is_compatible(n, "abc") && dt_find_compatible("abc", -1) < 0);
	EXPECT(!dt_node_ok(n));
	EXPECT(dt_stdout_node() < 0);
	query_all();
	free(b);
	dt_parse(NULL, 0);
}

int main(void)
{
	test_virt();
	test_truncated();
	test_corrupt();
	test_hostile();
	test_bad_properties();
	printf("%d checks, %d failures\n", checks, failures);
	return failures ? 1 : 0;
}
