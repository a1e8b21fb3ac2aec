// SPDX-License-Identifier: MIT
/*
 * procfs_sched.c - /proc/<pid>/sched, Linux's scheduler debug view
 * (kernel/sched/debug.c proc_sched_show_task) reduced to what this
 * kernel keeps: run time, switches, policy and prio.  Linux's CFS and
 * load-tracking fields (vruntime, load.weight, se.avg.*) have nothing
 * behind them here and are left out rather than made up.
 */
#include "fs/procfs_internal.h"
#include "kernel/sched.h"

#define MAX_RT_PRIO 100
#define DEFAULT_PRIO 120        /* nice 0 */

static void sched_num(struct seqbuf *m, const char *name, long v)
{
	seq_printf(m, "%-45s:%21ld\n", name, v);
}

/* Linux's SPLIT_NS: milliseconds with six decimals. */
static void sched_ms(struct seqbuf *m, const char *name, uint64_t ns)
{
	seq_printf(m, "%-45s:%14lu.%06lu\n", name, (unsigned long)(ns / 1000000),
		   (unsigned long)(ns % 1000000));
}

int procfs_show_sched(struct seqbuf *m, long pid)
{
	struct proc *p = procfs_task(pid);
	int threads;

	if (!p)
		return -ESRCH;
	threads = p->group_leader->live_threads;
	seq_printf(m, "%s (%d, #threads: %d)\n", p->comm, p->pid, threads ? threads : 1);
	seq_puts(m, "-------------------------------------------------------------------\n");
	sched_ms(m, "se.sum_exec_runtime", p->utime_ns + p->stime_ns);
	sched_num(m, "se.nr_migrations", 0);   /* one CPU */
	sched_num(m, "nr_switches", (long)(p->ru.nvcsw + p->ru.nivcsw));
	sched_num(m, "nr_voluntary_switches", (long)p->ru.nvcsw);
	sched_num(m, "nr_involuntary_switches", (long)p->ru.nivcsw);
	sched_num(m, "policy", p->policy & ~SCHED_RESET_ON_FORK);
	sched_num(m, "prio", p->rt_priority ? MAX_RT_PRIO - 1 - p->rt_priority
					    : DEFAULT_PRIO + p->nice);
	return 0;
}
