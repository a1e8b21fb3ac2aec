/* SPDX-License-Identifier: MIT */
/*
 * dtb.h - the device tree reader's interface (dtb.c), kept apart from
 * aarch64_internal.h so the host unit test can include it alone.
 * Nodes are indexes; -1 means none.  Every query is safe on a node of -1
 * and after a failed parse.
 */
#ifndef ARCH_AARCH64_DTB_H
#define ARCH_AARCH64_DTB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DT_MAX_SIZE (2u << 20) /* Linux's MAX_FDT_SIZE */

/* Check and index the blob at b, of which avail bytes are readable. */
bool dt_parse(const void *b, size_t avail);
const char *dt_error(void);        /* why dt_parse failed */
bool dt_valid(void);
uint32_t dt_blob_size(void);
bool dt_memreserve(unsigned i, uint64_t *addr, uint64_t *size);

int dt_find_compatible(const char *compat, int after);
int dt_find_path(const char *path);
int dt_find_device_type(const char *type, int after);
int dt_find_phandle(uint32_t phandle);
const void *dt_prop(int node, const char *name, uint32_t *len);
bool dt_prop_u32(int node, const char *name, uint32_t *out);
bool dt_prop_is(int node, const char *name, const char *value);
bool dt_reg(int node, int i, uint64_t *addr, uint64_t *size);
bool dt_irq(int node, int i, unsigned *intid);
bool dt_is_compatible(int node, const char *compat);
bool dt_node_ok(int node);         /* status absent, "okay" or "ok" */
int dt_stdout_node(void);          /* /chosen stdout-path, or -1 */
const char *dt_node_name(int node);
int dt_parent(int node);
/* #address-cells and #size-cells that node gives its children. */
bool dt_cells(int node, unsigned *addr_cells, unsigned *size_cells);

#endif
