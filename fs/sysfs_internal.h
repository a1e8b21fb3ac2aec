/* SPDX-License-Identifier: MIT */
/*
 * sysfs_internal.h - what sysfs.c (the tree) and sysfs_dev.c (the device
 * model: /sys/class, /sys/dev, /sys/block, /sys/devices/virtual) share.
 */
#ifndef FS_SYSFS_INTERNAL_H
#define FS_SYSFS_INTERNAL_H

#include "fs/pseudofs_internal.h"

#define SYSFS_FILE_SIZE 4096    /* what sysfs reports for every attribute */

#define SYS_DIR(n, c) { .name = n, .mode = S_IFDIR | 0755, .children = c }
#define SYS_FILE(n, fn) { .name = n, .mode = S_IFREG | 0444, \
			  .size = SYSFS_FILE_SIZE, .show = fn }

/* The classes of devices (contexts: class ids), after /sys/class's table. */
extern const struct pseudo_dyn sysfs_classes;
/* /sys/devices/virtual/<class>/: the same classes, holding the devices. */
extern const struct pseudo_dyn sysfs_virtual;
/* /sys/dev/char and /sys/dev/block: "M:m" links to the devices. */
extern const struct pseudo_dyn sysfs_dev_char, sysfs_dev_block;
/* /sys/block: a link per disk. */
extern const struct pseudo_dyn sysfs_block;

#endif
