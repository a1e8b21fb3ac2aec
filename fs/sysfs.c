// SPDX-License-Identifier: MIT
/*
 * sysfs.c - the sysfs file system: Linux's top-level directories, so that
 * `mount -t sysfs` and programs that look around /sys work, and the
 * clocksource files (design.md §4: the clocksource in use is shown in
 * /sys/devices/system/clocksource/clocksource0/current_clocksource).
 * /sys/class/net/<name>/ describes each network interface, lo too (net/netdev.h)
 * with Linux's attribute names and formats (Documentation/ABI/testing/
 * sysfs-class-net).  The devices with a /dev node (/sys/class/<class>,
 * /sys/dev, /sys/block, /sys/devices/virtual) are sysfs_dev.c's,
 * a disk's and a partition's I/O statistics (stat) too.  The RTC's files
 * (/sys/class/rtc, its device, /sys/power) are sysfs_rtc.c's.
 */
#include "fs/sysfs_internal.h"
#include "net/netdev.h"
#include <arch/cpu.h>

#define SYSFS_MAGIC 0x62656572

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

#define SYS_DYN(n, d) { .name = n, .mode = S_IFDIR | 0755, .dyn = d }

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
	SYS_DIR("system", devices_system),
	SYS_DYN("virtual", &sysfs_virtual),
	{ .name = NULL },
};
static const struct pseudo_entry dev[] = {
	SYS_DYN("block", &sysfs_dev_block), SYS_DYN("char", &sysfs_dev_char),
	{ .name = NULL },
};

/* ---- /sys/class/net: one directory per interface, context its ifindex -- */

#define TX_QUEUE_LEN 1000               /* Linux's default, lo's too */

/* The interface of ifindex ctx now (false: gone). */
static bool net_info(long ctx, struct netdev_info *i)
{
	return netdev_info_next((int)ctx, i) && i->ifindex == ctx;
}

static bool net_valid(long ctx)
{
	struct netdev_info i;

	return net_info(ctx, &i);
}

static int net_lookup(long dir __unused, const char *name, size_t len, long *ctx)
{
	struct netdev_info i;

	for (int idx = 0; netdev_info_next(idx, &i); idx = i.ifindex + 1) {
		if (strlen(i.name) == len && !memcmp(i.name, name, len)) {
			*ctx = i.ifindex;
			return 0;
		}
	}
	return -ENOENT;
}

static bool net_next(long dir __unused, long *ctx, char *name, size_t size)
{
	struct netdev_info i;

	if (!netdev_info_next((int)*ctx, &i))
		return false;
	*ctx = i.ifindex;
	strlcpy(name, i.name, size);
	return true;
}

static void show_mac(struct seqbuf *m, const uint8_t *a)
{
	seq_printf(m, "%02x:%02x:%02x:%02x:%02x:%02x\n", a[0], a[1], a[2], a[3], a[4],
		   a[5]);
}

/* An attribute of interface ctx; -ENODEV once it is gone. */
#define NET_ATTR(attr, body)                                            \
	static int show_##attr(struct seqbuf *m, long ctx)              \
	{                                                               \
		struct netdev_info i;                                   \
		if (!net_info(ctx, &i))                                 \
			return -ENODEV;                                 \
		body;                                                   \
		return 0;                                               \
	}
#define NET_SHOW(attr, fmt, expr) NET_ATTR(attr, seq_printf(m, fmt "\n", expr))

NET_ATTR(address, show_mac(m, i.mac))
NET_ATTR(broadcast, show_mac(m, i.brd))
/* Linux: reading carrier of an interface that is not up is EINVAL. */
NET_ATTR(carrier, if (!i.up) return -EINVAL; seq_printf(m, "%d\n", i.carrier))
NET_SHOW(operstate, "%s", i.operstate)
NET_SHOW(flags, "0x%x", i.flags)
NET_SHOW(ifindex, "%d", i.ifindex)
NET_SHOW(iflink, "%d", i.ifindex)
NET_SHOW(mtu, "%u", i.mtu)
NET_SHOW(type, "%d", i.type)
NET_SHOW(addr_len, "%d", NETDEV_ETH_ALEN)
NET_SHOW(tx_queue_len, "%d", TX_QUEUE_LEN)
NET_SHOW(rx_packets, "%lu", (unsigned long)i.rx_packets)
NET_SHOW(rx_bytes, "%lu", (unsigned long)i.rx_bytes)
NET_SHOW(rx_dropped, "%lu", (unsigned long)i.rx_dropped)
NET_SHOW(tx_packets, "%lu", (unsigned long)i.tx_packets)
NET_SHOW(tx_bytes, "%lu", (unsigned long)i.tx_bytes)
NET_SHOW(tx_dropped, "%lu", (unsigned long)i.tx_dropped)

#define NET_FILE(n) { .name = #n, .mode = S_IFREG | 0444, .size = SYSFS_FILE_SIZE, \
		      .valid = net_valid, .show = show_##n }

static const struct pseudo_entry net_statistics[] = {
	NET_FILE(rx_bytes), NET_FILE(rx_dropped), NET_FILE(rx_packets),
	NET_FILE(tx_bytes), NET_FILE(tx_dropped), NET_FILE(tx_packets),
	{ .name = NULL },
};
static const struct pseudo_entry net_iface_entries[] = {
	NET_FILE(addr_len), NET_FILE(address), NET_FILE(broadcast), NET_FILE(carrier),
	NET_FILE(flags), NET_FILE(ifindex), NET_FILE(iflink), NET_FILE(mtu),
	NET_FILE(operstate), NET_FILE(tx_queue_len), NET_FILE(type),
	{ .name = "statistics", .mode = S_IFDIR | 0755, .valid = net_valid,
	  .children = net_statistics },
	{ .name = NULL },
};
static const struct pseudo_entry net_iface =
	{ .name = "", .mode = S_IFDIR | 0755, .valid = net_valid,
	  .children = net_iface_entries };
static const struct pseudo_dyn net_ifaces = {
	.lookup = net_lookup, .next = net_next, .entry = &net_iface,
};
static const struct pseudo_entry class[] = {
	{ .name = "net", .mode = S_IFDIR | 0755, .dyn = &net_ifaces },
	SYS_DIR("rtc", sysfs_rtc_class),
	{ .name = NULL },
};

static const struct pseudo_entry sys_root_entries[] = {
	SYS_DIR("kernel", NULL),
	SYS_DIR("power", sysfs_power_entries),
	{ .name = "class", .mode = S_IFDIR | 0755, .children = class,
	  .dyn = &sysfs_classes },
	{ .name = "devices", .mode = S_IFDIR | 0755, .children = devices,
	  .dyn = &sysfs_rtc_bus },
	SYS_DIR("dev", dev),
	SYS_DIR("fs", NULL),
	SYS_DIR("bus", NULL),
	SYS_DIR("firmware", NULL),
	SYS_DYN("block", &sysfs_block),
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
