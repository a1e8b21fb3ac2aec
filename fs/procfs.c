// SPDX-License-Identifier: MIT
/*
 * procfs.c - the proc file system's root: one directory per process (see
 * procfs_pid.c), "self", and the system-wide files BusyBox's ps, top,
 * free, uptime, mount and df read, in Linux's formats (fs/proc/):
 * meminfo, uptime, loadavg, stat, version, cmdline, filesystems, cpuinfo,
 * and "mounts" (a link to self/mounts).
 *
 * Figures the kernel does not keep yet are stated as what they are here:
 * no CPU time is accounted per process yet, so all time counts as idle;
 * there is no load average (0.00); "processes" (forks since boot) is the
 * highest pid in use.
 */
#include "fs/procfs_internal.h"
#include "block/block.h"
#include "kernel/mm.h"
#include "kernel/time.h"
#include <arch/abi.h>
#include <arch/cpu.h>

struct proc *procfs_task(long pid)
{
	return pid > 0 && pid <= 0x7fffffff ? proc_find_any((int)pid) : NULL;
}

void seq_centis(struct seqbuf *m, uint64_t ns)
{
	seq_printf(m, "%lu.%02lu", (unsigned long)(ns / NSEC_PER_SEC),
		   (unsigned long)(ns % NSEC_PER_SEC / (NSEC_PER_SEC / 100)));
}

/* Processes in the list: all, runnable, the highest pid, CPU time used. */
struct proc_counts {
	unsigned total, running;
	int last_pid;
	uint64_t user_ns, system_ns, steal_ns;
};

static void count_procs(struct proc_counts *c)
{
	struct list_head *l;

	memset(c, 0, sizeof(*c));
	list_for_each(l, &proc_list) {
		struct proc *p = list_entry(l, struct proc, all);

		if (p->reaped || p->pid <= 0)
			continue;
		c->total++;
		if (p->state == P_RUNNABLE || p->state == P_RUNNING)
			c->running++;
		c->last_pid = MAX(c->last_pid, p->pid);
	}
	c->user_ns = cpu_user_ns; /* exited processes' time counts too */
	c->system_ns = cpu_system_ns;
	c->steal_ns = arch_steal_ns();
}

static uint64_t idle_ns(const struct proc_counts *c)
{
	uint64_t up = time_monotonic_ns();
	uint64_t busy = c->user_ns + c->system_ns + c->steal_ns;

	return up > busy ? up - busy : 0;
}

static int show_meminfo(struct seqbuf *m, long ctx __unused)
{
	uint64_t kb = PAGE_SIZE / 1024, total = page_total() * kb;
	uint64_t free = page_free_count() * kb, shmem = tmpfs_pages_in_use() * kb;
	struct proc_counts c;

	count_procs(&c);
	seq_kb(m, "MemTotal:", total);
	seq_kb(m, "MemFree:", free);
	seq_kb(m, "MemAvailable:", free);
	seq_kb(m, "Buffers:", 0);
	seq_kb(m, "Cached:", shmem);
	seq_kb(m, "SwapCached:", 0);
	seq_kb(m, "SwapTotal:", 0);
	seq_kb(m, "SwapFree:", 0);
	seq_kb(m, "Dirty:", 0);
	seq_kb(m, "Writeback:", 0);
	seq_kb(m, "Shmem:", shmem);
	seq_kb(m, "KReclaimable:", 0);
	seq_kb(m, "SReclaimable:", 0);
	seq_kb(m, "KernelStack:", c.total * (KSTACK_SIZE / 1024));
	seq_kb(m, "CommitLimit:", total / 2);
	return 0;
}

static int show_uptime(struct seqbuf *m, long ctx __unused)
{
	struct proc_counts c;

	count_procs(&c);
	seq_centis(m, time_monotonic_ns());
	seq_puts(m, " ");
	seq_centis(m, idle_ns(&c));
	seq_puts(m, "\n");
	return 0;
}

static int show_loadavg(struct seqbuf *m, long ctx __unused)
{
	struct proc_counts c;
	unsigned long a[3];

	count_procs(&c);
	acct_loadavg(a, 0);
	for (int i = 0; i < 3; i++) {
		unsigned long x = a[i] + (1UL << 11) / 200; /* round to 0.01, as Linux */
		seq_printf(m, "%lu.%02lu ", x >> 11, ((x & ((1UL << 11) - 1)) * 100) >> 11);
	}
	seq_printf(m, "%u/%u %d\n", c.running, c.total, proc_last_pid());
	return 0;
}

static int show_stat(struct seqbuf *m, long ctx __unused)
{
	struct proc_counts c;
	unsigned long user, sys, idle, steal;
	uint64_t boot = time_realtime_ns() - time_monotonic_ns();

	count_procs(&c);
	user = ns_to_clock_t(c.user_ns);
	sys = ns_to_clock_t(c.system_ns);
	idle = ns_to_clock_t(idle_ns(&c));
	steal = ns_to_clock_t(c.steal_ns);
	/* user nice system idle iowait irq softirq steal guest guest_nice */
	seq_printf(m, "cpu  %lu 0 %lu %lu 0 0 0 %lu 0 0\n", user, sys, idle, steal);
	seq_printf(m, "cpu0 %lu 0 %lu %lu 0 0 0 %lu 0 0\n", user, sys, idle, steal);
	seq_printf(m, "btime %lu\n", (unsigned long)(boot / NSEC_PER_SEC));
	seq_printf(m, "processes %d\n", c.last_pid);
	seq_printf(m, "procs_running %u\nprocs_blocked 0\n", c.running);
	return 0;
}

/* Linux's format (block/genhd.c show_partition): sizes in 1 KiB blocks. */
static int show_partitions(struct seqbuf *m, long ctx __unused)
{
	struct blk_node_info n;

	seq_puts(m, "major minor  #blocks  name\n\n");
	for (unsigned i = 0; blk_node(i, &n); i++)
		seq_printf(m, "%4u  %7u %10lu %s\n", n.major, n.minor,
			   (unsigned long)(n.sectors >> 1), n.name);
	return 0;
}

/* Linux 6.1's format (block/genhd.c diskstats_show); empty partitions left out. */
static int show_diskstats(struct seqbuf *m, long ctx __unused)
{
	struct blk_node_info n;
	unsigned long f[BLK_STAT_FIELDS];

	for (unsigned i = 0; blk_node(i, &n); i++) {
		if (!n.whole && !n.sectors)
			continue;
		blk_stat_fields(n.stats, f);
		seq_printf(m, "%4u %7u %s", n.major, n.minor, n.name);
		for (unsigned k = 0; k < BLK_STAT_FIELDS; k++)
			seq_printf(m, " %lu", f[k]);
		seq_puts(m, "\n");
	}
	return 0;
}

/* No swap areas: swapon(2) is not offered, so only the heading. */
static int show_swaps(struct seqbuf *m, long ctx __unused)
{
	seq_puts(m, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	return 0;
}

/* Nothing is loadable: init_module and finit_module are ENOSYS. */
static int show_modules(struct seqbuf *m __unused, long ctx __unused)
{
	return 0;
}

static int show_version(struct seqbuf *m, long ctx __unused)
{
	seq_puts(m, "Linux version " UTS_RELEASE " (root@levitate) (gcc version "
		 __VERSION__ ") " UTS_VERSION "\n");
	return 0;
}

static int show_cmdline(struct seqbuf *m, long ctx __unused)
{
	seq_printf(m, "%s\n", boot_info.cmdline ? boot_info.cmdline : "");
	return 0;
}

static int show_filesystems(struct seqbuf *m, long ctx __unused)
{
	mount_show_filesystems(m);
	return 0;
}

/* One CPU; what it is, the arch would have to say (not yet asked). */
static int show_cpuinfo(struct seqbuf *m, long ctx __unused)
{
	seq_puts(m, "processor\t: 0\n\n");
	return 0;
}

static int link_self(struct seqbuf *m, long ctx __unused)
{
	if (!current || current->pid <= 0)
		return -ENOENT;
	seq_printf(m, "%d", current->tgid);
	return 0;
}

static int link_thread_self(struct seqbuf *m, long ctx __unused)
{
	if (!current || current->pid <= 0)
		return -ENOENT;
	seq_printf(m, "%d/task/%d", current->tgid, current->pid);
	return 0;
}

static int link_mounts(struct seqbuf *m, long ctx __unused)
{
	seq_puts(m, "self/mounts");
	return 0;
}

/* Pids and fds: decimal without leading zeros (name_to_int). */
int procfs_name_num(const char *name, size_t len, long *out)
{
	long n = 0;

	if (!len || len > 10 || (len > 1 && name[0] == '0'))
		return -ENOENT;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -ENOENT;
		n = n * 10 + (name[i] - '0');
	}
	*out = n;
	return 0;
}

static int pid_lookup(long dir __unused, const char *name, size_t len,
		      long *ctx)
{
	long pid;

	if (procfs_name_num(name, len, &pid) || !procfs_task(pid))
		return -ENOENT;
	*ctx = pid;
	return 0;
}

static bool pid_next(long dir __unused, long *ctx, char *name, size_t size)
{
	struct list_head *l;
	long best = -1;

	list_for_each(l, &proc_list) {
		struct proc *p = list_entry(l, struct proc, all);

		/* Threads other than leaders are reachable but not listed. */
		if (!p->reaped && p->pid > 0 && p->pid >= *ctx && p == p->group_leader &&
		    (best < 0 || p->pid < best))
			best = p->pid;
	}
	if (best < 0)
		return false;
	*ctx = best;
	snprintf(name, size, "%ld", best);
	return true;
}

#define PROC_FILE(n, fn) { .name = n, .mode = S_IFREG | 0444, .show = fn }
#define PROC_LINK(n, fn) { .name = n, .mode = S_IFLNK | 0777, .link = fn }

static const struct pseudo_entry proc_root_entries[] = {
	PROC_FILE("cmdline", show_cmdline),
	PROC_FILE("cpuinfo", show_cpuinfo),
	PROC_FILE("diskstats", show_diskstats),
	{ .name = "driver", .mode = S_IFDIR | 0555, .children = procfs_driver_entries },
	PROC_FILE("filesystems", show_filesystems),
	PROC_FILE("loadavg", show_loadavg),
	PROC_FILE("meminfo", show_meminfo),
	PROC_FILE("modules", show_modules),
	PROC_LINK("mounts", link_mounts),
	{ .name = "net", .mode = S_IFDIR | 0555, .children = proc_net_entries },
	PROC_FILE("partitions", show_partitions),
	PROC_FILE("stat", show_stat),
	PROC_FILE("swaps", show_swaps),
	{ .name = "sys", .mode = S_IFDIR | 0555, .children = proc_sys_entries },
	{ .name = "sysvipc", .mode = S_IFDIR | 0555, .children = proc_sysvipc_entries },
	PROC_FILE("uptime", show_uptime),
	PROC_FILE("version", show_version),
	PROC_LINK("self", link_self),
	PROC_LINK("thread-self", link_thread_self),
	{ .name = NULL },
};

static const struct pseudo_dyn proc_pids = {
	.lookup = pid_lookup,
	.next = pid_next,
	.entry = &proc_pid_dir,
};

static const struct pseudo_entry proc_root = {
	.name = "/",
	.mode = S_IFDIR | 0555,
	.children = proc_root_entries,
	.dyn = &proc_pids,
};

static int proc_get_tree(struct fs_context *fc __unused, struct superblock **out)
{
	*out = pseudo_sb_new("proc", PROC_SUPER_MAGIC, &proc_root);
	return *out ? 0 : -ENOMEM;
}

struct fs_type proc_fs_type = {
	.name = "proc",
	.nodev = true,
	.get_tree = proc_get_tree,
	.busy = pseudo_busy,
	.kill = pseudo_kill,
};
