// SPDX-License-Identifier: MIT
/*
 * dtb.c - a flattened device tree reader (Devicetree Specification v0.4).
 *
 * dt_parse() checks the whole blob once - header, block bounds, every token,
 * every property length and name offset, nesting - and indexes the nodes;
 * the queries afterwards only walk what was checked.  A blob that fails is
 * refused with a reason (dt_error) and nothing of it is used.  No dynamic
 * memory: up to DT_MAX_NODES nodes.
 *
 * Pure code over a byte buffer: tests/unit/test_dtb.c runs it on the host.
 */
#include "kernel/kernel.h"
#include "arch/aarch64/dtb_spec.h"
#include "arch/aarch64/dtb.h"

#define DT_MAX_NODES 512
#define DT_MAX_DEPTH 32
#define DT_MAX_RSV 64

struct dt_node {
	const char *name;       /* unit name: "memory@40000000" */
	int parent;             /* -1 for the root */
	uint32_t props;         /* structure offset of the first property */
	uint32_t phandle;
	uint8_t addr_cells;     /* #address-cells for the children */
	uint8_t size_cells;     /* #size-cells for the children */
};

static const uint8_t *blob;
static uint32_t blob_size, struct_off, struct_size, strings_off, strings_size;
static uint32_t rsv_off, nrsv;
static struct dt_node nodes[DT_MAX_NODES];
static int nnodes;
static const char *error = "not parsed";

static uint32_t be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

static uint64_t be64(const uint8_t *p)
{
	return ((uint64_t)be32(p) << 32) | be32(p + 4);
}

static uint32_t hdr(const uint8_t *b, int field)
{
	return be32(b + 4 * field);
}

static bool fail(const char *why)
{
	error = why;
	nnodes = 0;
	blob = NULL;
	return false;
}

/* [off, off + len) inside a block of size size? */
static bool inside(uint32_t off, uint32_t len, uint32_t size)
{
	return off <= size && len <= size - off;
}

static bool check_header(const uint8_t *b, size_t avail)
{
	uint32_t total, version;

	if (avail < sizeof(struct fdt_header))
		return fail("too small for a header");
	if (hdr(b, 0) != FDT_MAGIC)
		return fail("bad magic");
	total = hdr(b, 1);
	version = hdr(b, 5);
	if (total < sizeof(struct fdt_header) || total > avail || total > DT_MAX_SIZE)
		return fail("bad totalsize");
	if (version < 17 || hdr(b, 6) > 17)
		return fail("unsupported version");
	blob_size = total;
	struct_off = hdr(b, 2);
	strings_off = hdr(b, 3);
	rsv_off = hdr(b, 4);
	strings_size = hdr(b, 8);
	struct_size = hdr(b, 9);
	if ((struct_off & 3) || (struct_size & 3) ||
	    !inside(struct_off, struct_size, total))
		return fail("structure block out of bounds");
	if (!inside(strings_off, strings_size, total))
		return fail("strings block out of bounds");
	if ((rsv_off & 7) || !inside(rsv_off, 0, total))
		return fail("memory reservation block out of bounds");
	return true;
}

static bool check_rsvmap(const uint8_t *b)
{
	for (nrsv = 0;; nrsv++) {
		uint32_t off = rsv_off + nrsv * 16;
		if (nrsv > DT_MAX_RSV || !inside(off, 16, blob_size))
			return fail("memory reservation block unterminated");
		if (!be64(b + off) && !be64(b + off + 8))
			return true;
	}
}

static void cells_prop(struct dt_node *n, const char *name, const uint8_t *v,
		       uint32_t len)
{
	if (len != 4)
		return;
	if (!strcmp(name, "#address-cells"))
		n->addr_cells = (uint8_t)MIN(be32(v), 255u);
	else if (!strcmp(name, "#size-cells"))
		n->size_cells = (uint8_t)MIN(be32(v), 255u);
	else if (!strcmp(name, "phandle") || !strcmp(name, "linux,phandle"))
		n->phandle = be32(v);
}

/* One property at s + off (after the token); its end in *next. */
static bool check_prop(const uint8_t *s, uint32_t off, int cur, uint32_t *next)
{
	uint32_t len, nameoff;
	const char *name;

	if (cur < 0)
		return fail("property outside a node");
	if (!inside(off, 8, struct_size))
		return fail("truncated property");
	len = be32(s + off);
	nameoff = be32(s + off + 4);
	off += 8;
	if (!inside(off, len, struct_size))
		return fail("property value runs past the structure block");
	if (nameoff >= strings_size)
		return fail("property name outside the strings block");
	name = (const char *)blob + strings_off + nameoff;
	if (strnlen(name, strings_size - nameoff) == strings_size - nameoff)
		return fail("unterminated property name");
	cells_prop(&nodes[cur], name, s + off, len);
	*next = ALIGN_UP(off + len, 4u);
	return true;
}

static bool begin_node(const uint8_t *s, uint32_t *off, int *cur, int *stack,
		       int *depth)
{
	const char *name = (const char *)s + *off;
	size_t len = strnlen(name, struct_size - *off);

	if (len == struct_size - *off)
		return fail("unterminated node name");
	if (*depth == DT_MAX_DEPTH)
		return fail("nodes nested too deeply");
	if (nnodes == DT_MAX_NODES)
		return fail("too many nodes");
	if (*depth == 0 && nnodes)
		return fail("more than one root node");
	*off = ALIGN_UP(*off + (uint32_t)len + 1, 4u);
	nodes[nnodes] = (struct dt_node){ .name = name, .parent = *cur,
					  .props = *off, .addr_cells = 2,
					  .size_cells = 1 };
	stack[(*depth)++] = *cur;
	*cur = nnodes++;
	return true;
}

static bool check_struct(void)
{
	const uint8_t *s = blob + struct_off;
	int stack[DT_MAX_DEPTH], depth = 0, cur = -1;
	uint32_t off = 0;

	for (;;) {
		if (!inside(off, 4, struct_size))
			return fail("structure block ends without FDT_END");
		uint32_t tok = be32(s + off);
		off += 4;
		switch (tok) {
		case FDT_BEGIN_NODE:
			if (!begin_node(s, &off, &cur, stack, &depth))
				return false;
			break;
		case FDT_END_NODE:
			if (!depth)
				return fail("unbalanced FDT_END_NODE");
			cur = stack[--depth];
			break;
		case FDT_PROP:
			if (!check_prop(s, off, cur, &off))
				return false;
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			if (depth || !nnodes)
				return fail("FDT_END inside a node or before the root");
			return true;
		default:
			return fail("unknown structure token");
		}
	}
}

bool dt_parse(const void *b, size_t avail)
{
	nnodes = 0;
	blob = NULL;
	if (!b)
		return fail("no blob");
	if (!check_header(b, avail))
		return false;
	blob = b;
	if (!check_rsvmap(b) || !check_struct())
		return false;
	error = NULL;
	return true;
}

const char *dt_error(void)
{
	return error;
}

bool dt_valid(void)
{
	return nnodes > 0;
}

uint32_t dt_blob_size(void)
{
	return nnodes ? blob_size : 0;
}

bool dt_memreserve(unsigned i, uint64_t *addr, uint64_t *size)
{
	if (!nnodes || i >= nrsv)
		return false;
	*addr = be64(blob + rsv_off + i * 16);
	*size = be64(blob + rsv_off + i * 16 + 8);
	return true;
}

/* ---- queries over the checked blob ---------------------------------- */

const void *dt_prop(int node, const char *name, uint32_t *len)
{
	const uint8_t *s = blob + struct_off;
	uint32_t off;

	if (node < 0 || node >= nnodes)
		return NULL;
	for (off = nodes[node].props;;) {
		uint32_t tok = be32(s + off);
		if (tok == FDT_NOP) {
			off += 4;
			continue;
		}
		if (tok != FDT_PROP)
			return NULL;
		uint32_t plen = be32(s + off + 4);
		const char *pname = (const char *)blob + strings_off + be32(s + off + 8);
		if (!strcmp(pname, name)) {
			*len = plen;
			return s + off + 12;
		}
		off = ALIGN_UP(off + 12 + plen, 4u);
	}
}

bool dt_prop_u32(int node, const char *name, uint32_t *out)
{
	uint32_t len;
	const uint8_t *p = dt_prop(node, name, &len);

	if (!p || len != 4)
		return false;
	*out = be32(p);
	return true;
}

/* Is value one of the strings of the string-list property? */
static bool strlist_has(int node, const char *name, const char *value)
{
	uint32_t len, n = (uint32_t)strlen(value) + 1;
	const char *p = dt_prop(node, name, &len);

	while (p && len >= n) {
		const char *nul = memchr(p, 0, len);
		if (!nul)
			return false;
		if ((uint32_t)(nul - p) + 1 == n && !memcmp(p, value, n))
			return true;
		len -= (uint32_t)(nul - p) + 1;
		p = nul + 1;
	}
	return false;
}

bool dt_prop_is(int node, const char *name, const char *value)
{
	uint32_t len;
	const char *p = dt_prop(node, name, &len);

	return p && len == strlen(value) + 1 && !memcmp(p, value, len);
}

bool dt_is_compatible(int node, const char *compat)
{
	return strlist_has(node, "compatible", compat);
}

bool dt_node_ok(int node)
{
	uint32_t len;

	return !dt_prop(node, "status", &len) || dt_prop_is(node, "status", "okay") ||
	       dt_prop_is(node, "status", "ok");
}

int dt_find_compatible(const char *compat, int after)
{
	for (int i = after + 1; i < nnodes; i++)
		if (dt_is_compatible(i, compat))
			return i;
	return -1;
}

int dt_find_device_type(const char *type, int after)
{
	for (int i = after + 1; i < nnodes; i++)
		if (dt_prop_is(i, "device_type", type))
			return i;
	return -1;
}

int dt_find_phandle(uint32_t phandle)
{
	for (int i = 0; i < nnodes; i++)
		if (phandle && nodes[i].phandle == phandle)
			return i;
	return -1;
}

/* "name" matches "name@unit" and "name@unit" matches exactly. */
static bool name_matches(const char *node_name, const char *comp, size_t len)
{
	if (strncmp(node_name, comp, len))
		return false;
	return node_name[len] == 0 || (node_name[len] == '@' && !memchr(comp, '@', len));
}

/* A full path ("/chosen", "/pl011@9000000") or an alias from /aliases. */
int dt_find_path(const char *path)
{
	int node = 0;

	if (!nnodes || !path)
		return -1;
	if (path[0] != '/') {
		int aliases = dt_find_path("/aliases");
		uint32_t len;
		const char *p = dt_prop(aliases, path, &len);
		if (!p || !len || p[0] != '/' || !memchr(p, 0, len))
			return -1;
		path = p;
	}
	while (*path) {
		while (*path == '/')
			path++;
		if (!*path)
			break;
		size_t len = strchr(path, '/') ? (size_t)(strchr(path, '/') - path) : strlen(path);
		int child = -1;
		for (int i = node + 1; i < nnodes && child < 0; i++)
			if (nodes[i].parent == node && name_matches(nodes[i].name, path, len))
				child = i;
		if (child < 0)
			return -1;
		node = child;
		path += len;
	}
	return node;
}

/* /chosen stdout-path, less any ":options". */
int dt_stdout_node(void)
{
	int chosen = dt_find_path("/chosen");
	uint32_t len;
	const char *p = dt_prop(chosen, "stdout-path", &len);
	char buf[128];

	if (!p || !len || len > sizeof(buf) || !memchr(p, 0, len))
		return -1;
	memcpy(buf, p, len);
	char *colon = strchr(buf, ':');
	if (colon)
		*colon = 0;
	return dt_find_path(buf);
}

static uint64_t read_cells(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v = (v << 32) | be32(p + 4 * i);
	return v;
}

/* Entry i of reg, in the parent's #address-cells/#size-cells (1 or 2;
 * size 0 allowed).  Addresses are not translated through bus ranges:
 * QEMU virt's devices sit on the root. */
bool dt_reg(int node, int i, uint64_t *addr, uint64_t *size)
{
	uint32_t len;
	const uint8_t *p = dt_prop(node, "reg", &len);
	int parent = node >= 0 && node < nnodes ? nodes[node].parent : -1;
	unsigned ac = parent >= 0 ? nodes[parent].addr_cells : 2;
	unsigned sc = parent >= 0 ? nodes[parent].size_cells : 1;
	uint32_t entry = (ac + sc) * 4;

	if (!p || ac < 1 || ac > 2 || sc > 2 || i < 0)
		return false;
	if ((uint64_t)(i + 1) * entry > len)
		return false;
	p += (uint32_t)i * entry;
	*addr = read_cells(p, ac);
	*size = read_cells(p + ac * 4, sc);
	return true;
}

/* The interrupt controller for node: interrupt-parent, inherited. */
static int irq_parent(int node)
{
	uint32_t ph;

	for (int n = node; n >= 0; n = nodes[n].parent)
		if (dt_prop_u32(n, "interrupt-parent", &ph))
			return dt_find_phandle(ph);
	return -1;
}

/* Interrupt i of node as a GIC INTID: three cells <type number flags>,
 * type 0 an SPI (INTID 32 + n), 1 a PPI (INTID 16 + n). */
bool dt_irq(int node, int i, unsigned *intid)
{
	uint32_t len, cells;
	const uint8_t *p = dt_prop(node, "interrupts", &len);
	int ctl = node >= 0 && node < nnodes ? irq_parent(node) : -1;

	if (!p || ctl < 0 || i < 0 || !dt_prop_u32(ctl, "#interrupt-cells", &cells) ||
	    cells != 3)
		return false;
	if ((uint64_t)(i + 1) * 12 > len)
		return false;
	uint32_t type = be32(p + 12 * i), num = be32(p + 12 * i + 4);
	if (type == 0 && num < 988)
		*intid = 32 + num;
	else if (type == 1 && num < 16)
		*intid = 16 + num;
	else
		return false;
	return true;
}

const char *dt_node_name(int node)
{
	return node >= 0 && node < nnodes ? nodes[node].name : NULL;
}

int dt_parent(int node)
{
	return node >= 0 && node < nnodes ? nodes[node].parent : -1;
}

bool dt_cells(int node, unsigned *addr_cells, unsigned *size_cells)
{
	if (node < 0 || node >= nnodes)
		return false;
	*addr_cells = nodes[node].addr_cells;
	*size_cells = nodes[node].size_cells;
	return true;
}
