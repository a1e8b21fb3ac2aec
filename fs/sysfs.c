// SPDX-License-Identifier: MIT
/*
 * sysfs.c - the sysfs file system: Linux's top-level directories, so that
 * `mount -t sysfs` and programs that look around /sys work, and the
 * clocksource files (design.md §4: the clocksource in use is shown in
 * /sys/devices/system/clocksource/clocksource0/current_clocksource).
 * Devices are not listed yet; /sys/block and /sys/class are empty.
 */
#include "fs/pseudofs_internal.h"
#include <arch/cpu.h>

#define SYSFS_MAGIC 0x62656572
#define SYSFS_FILE_SIZE 4096    /* what sysfs reports for every attribute */

static int show_current_clocksource(struct seqbuf *m, long ctx __unused)
{
	seq_printf(m, "%s\n", arch_clocksource_name());
	return 0;
}

/* The ones that could be chosen: only the one in use here. */
static int show_available_clocksource(struct seqbuf *m, long ctx __unused)
{
	seq_printf(m, "%s \n", arch_clocksource_name());
	return 0;
}

#define SYS_DIR(n, c) { .name = n, .mode = S_IFDIR | 0755, .children = c }
#define SYS_FILE(n, fn) { .name = n, .mode = S_IFREG | 0444, \
			  .size = SYSFS_FILE_SIZE, .show = fn }

static const struct pseudo_entry clocksource0[] = {
	SYS_FILE("available_clocksource", show_available_clocksource),
	SYS_FILE("current_clocksource", show_current_clocksource),
	{ .name = NULL },
};
static const struct pseudo_entry clocksource[] = {
	SYS_DIR("clocksource0", clocksource0), { .name = NULL },
};
static const struct pseudo_entry devices_system[] = {
	SYS_DIR("clocksource", clocksource), { .name = NULL },
};
static const struct pseudo_entry devices[] = {
	SYS_DIR("system", devices_system), { .name = NULL },
};
static const struct pseudo_entry dev[] = {
	SYS_DIR("block", NULL), SYS_DIR("char", NULL), { .name = NULL },
};

static const struct pseudo_entry sys_root_entries[] = {
	SYS_DIR("kernel", NULL),
	SYS_DIR("power", NULL),
	SYS_DIR("class", NULL),
	SYS_DIR("devices", devices),
	SYS_DIR("dev", dev),
	SYS_DIR("fs", NULL),
	SYS_DIR("bus", NULL),
	SYS_DIR("firmware", NULL),
	SYS_DIR("block", NULL),
	SYS_DIR("module", NULL),
	{ .name = NULL },
};

static const struct pseudo_entry sys_root = SYS_DIR("/", sys_root_entries);

static int sysfs_get_tree(struct fs_context *fc __unused, struct superblock **out)
{
	*out = pseudo_sb_new("sysfs", SYSFS_MAGIC, &sys_root);
	return *out ? 0 : -ENOMEM;
}

struct fs_type sysfs_fs_type = {
	.name = "sysfs",
	.nodev = true,
	.single = true,
	.get_tree = sysfs_get_tree,
	.busy = pseudo_busy,
	.kill = pseudo_kill,
};
