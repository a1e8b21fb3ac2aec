// SPDX-License-Identifier: MIT
/*
 * jobctl.c - job control: process groups as signal targets, orphaned
 * process groups (POSIX.1 "orphaned process group", Linux kernel/exit.c
 * will_become_orphaned_pgrp and kill_orphaned_pgrp), telling a parent that
 * its child stopped or continued (do_notify_parent_cldstop), and what a
 * process's exit does to its session and to the groups it linked.
 *
 * A group is orphaned when no member has a parent in a different group of
 * the same session: nobody is left to continue it, so stopping it by the
 * terminal (SIGTSTP, SIGTTIN, SIGTTOU) is refused, and a group that becomes
 * orphaned while a member is stopped gets SIGHUP then SIGCONT.
 * Children of init do not count as links, as in Linux.
 */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/tty.h"

#define SA_NOCLDSTOP 0x00000001
#define SIG_IGN 1

#define for_each_proc(p)                                                   \
	for (struct list_head *l_ = proc_list.next;                        \
	     l_ != &proc_list && ((p) = list_entry(l_, struct proc, all)); \
	     l_ = l_->next)

/* A live member of pgid, the one leaving left out. */
static bool member(const struct proc *p, int pgid, const struct proc *exiting)
{
	return p->pgid == pgid && p->state != P_ZOMBIE && p != exiting &&
	       p == p->group_leader;
}

bool pgrp_orphaned(int pgid, const struct proc *exiting)
{
	struct proc *p;

	for_each_proc(p) {
		const struct proc *parent = p->parent;
		if (!member(p, pgid, exiting) || !parent || parent == exiting ||
		    parent->pid == 1)
			continue;
		if (parent->pgid != pgid && parent->sid == p->sid)
			return false;
	}
	return true;
}

static bool pgrp_has_stopped(int pgid, const struct proc *exiting)
{
	struct proc *p;

	for_each_proc(p)
		if (member(p, pgid, exiting) && p->state == P_STOPPED)
			return true;
	return false;
}

int pgrp_signal(int pgid, int sig)
{
	struct proc *p;
	bool found = false;

	if (pgid <= 0)
		return -ESRCH;
	for_each_proc(p) {
		if (!member(p, pgid, NULL))
			continue;
		found = true;
		signal_send_kernel(p, sig);
	}
	return found ? 0 : -ESRCH;
}

void jobctl_notify_parent(struct proc *p, int why, int sig)
{
	struct proc *parent = p->parent;
	struct ksiginfo info = { .signo = SIGCHLD, .code = why, .pid = p->pid,
				 .uid = p->cred.uid, .status = sig };

	if (!parent)
		return;
	if (!(parent->sigaction[SIGCHLD - 1].flags & SA_NOCLDSTOP))
		signal_send_info(parent, &info);
	waitq_wake(&parent->child_wait); /* wait4 with WUNTRACED/WCONTINUED */
}

/* pgid loses the link exiting gave it: if that orphans it while a member
 * is stopped, hang it up and continue it so it can see the hangup. */
static void orphan_check(int pgid, const struct proc *exiting)
{
	if (!pgrp_orphaned(pgid, exiting) || !pgrp_has_stopped(pgid, exiting))
		return;
	pgrp_signal(pgid, SIGHUP);
	pgrp_signal(pgid, SIGCONT);
}

void jobctl_exit(struct proc *p)
{
	struct list_head *l;

	if (p->sid == p->pid)
		tty_session_leader_exit(p);
	list_for_each(l, &p->children) {
		struct proc *c = list_entry(l, struct proc, sibling);
		if (c->state != P_ZOMBIE && c->pgid != p->pgid && c->sid == p->sid)
			orphan_check(c->pgid, p);
	}
	if (p->parent && p->parent->pgid != p->pgid && p->parent->sid == p->sid)
		orphan_check(p->pgid, p);
}
