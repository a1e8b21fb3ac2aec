// SPDX-License-Identifier: MIT
/*
 * sys.c - identity and housekeeping calls: uname, credentials (everything
 * runs as root for now), process groups and sessions, getrandom, reboot.
 */
#include "kernel/kernel.h"
#include "kernel/cred.h"
#include "kernel/ns.h"
#include "kernel/proc.h"
#include "kernel/random.h"
#include "kernel/syscall.h"
#include "kernel/uaccess.h"
#include "fs/vfs.h"
#include <arch/abi.h>
#include <arch/cpu.h>

struct utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65],
		domainname[65];
};

long sys_uname(void __user *buf)
{
	struct utsname u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, "Linux", sizeof(u.sysname));
	strlcpy(u.nodename, uts_nodename(), sizeof(u.nodename));
	strlcpy(u.release, "6.1.0-levitate", sizeof(u.release));
	strlcpy(u.version, "#1 LevitateOS", sizeof(u.version));
	strlcpy(u.machine, UTS_MACHINE, sizeof(u.machine));
	strlcpy(u.domainname, uts_domainname(), sizeof(u.domainname));
	return copy_to_user(buf, &u, sizeof(u)) ? -EFAULT : 0;
}


#define GRND_NONBLOCK 1
#define GRND_RANDOM 2
#define GRND_INSECURE 4

long sys_getrandom(void __user *buf, size_t len, unsigned flags)
{
	uint8_t tmp[256];
	size_t done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	if (len > 0x1ffffff)
		len = 0x1ffffff; /* Linux caps one call at 32 MiB - 1 */
	while (done < len) {
		size_t n = MIN(len - done, sizeof(tmp));
		random_bytes(tmp, n);
		if (copy_to_user((char *)buf + done, tmp, n))
			return done ? (long)done : -EFAULT;
		done += n;
		if (done < len && signal_pending())
			return (long)done;
	}
	return (long)done;
}

#define LINUX_REBOOT_MAGIC1 0xfee1dead
#define LINUX_REBOOT_MAGIC2 672274793
#define LINUX_REBOOT_MAGIC2A 85072278
#define LINUX_REBOOT_MAGIC2B 369367448
#define LINUX_REBOOT_MAGIC2C 537993216
#define LINUX_REBOOT_CMD_RESTART 0x01234567
#define LINUX_REBOOT_CMD_HALT 0xcdef0123
#define LINUX_REBOOT_CMD_CAD_ON 0x89abcdef
#define LINUX_REBOOT_CMD_CAD_OFF 0x00000000
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedc

long sys_reboot(int magic1, int magic2, unsigned cmd, void __user *arg)
{
	if ((unsigned)magic1 != LINUX_REBOOT_MAGIC1 ||
	    (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A &&
	     magic2 != LINUX_REBOOT_MAGIC2B && magic2 != LINUX_REBOOT_MAGIC2C))
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	case LINUX_REBOOT_CMD_POWER_OFF:
		printk("reboot: Power down\n");
		arch_power_off();
		return 0;
	case LINUX_REBOOT_CMD_HALT:
		printk("reboot: System halted\n");
		arch_irq_disable();
		for (;;)
			arch_wait_for_irq();
	case LINUX_REBOOT_CMD_RESTART:
		printk("reboot: Restarting system\n");
		arch_restart();
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_getpgid(int pid)
{
	struct proc *p = pid ? proc_find(pid) : current;

	return p ? p->pgid : -ESRCH;
}

long sys_getpgrp(void)
{
	return current->pgid;
}

long sys_getsid(int pid)
{
	struct proc *p = pid ? proc_find(pid) : current;

	return p ? p->sid : -ESRCH;
}

long sys_setsid(void)
{
	struct list_head *l;
	struct proc *t;

	list_for_each(l, &proc_list) {
		struct proc *p = list_entry(l, struct proc, all);
		if (p->pgid == current->tgid)
			return -EPERM; /* already a group leader */
	}
	for_each_thread(current, t) { /* the ids are the thread group's */
		t->sid = t->pgid = current->tgid;
		t->tty = NULL; /* a new session starts without a terminal */
	}
	return current->sid;
}

long sys_setpgid(int pid, int pgid)
{
	struct proc *p = pid ? proc_find(pid) : current, *t;

	if (pgid < 0)
		return -EINVAL;
	if (p)
		p = p->group_leader;
	if (!p || (p != current->group_leader && p->parent != current->group_leader))
		return -ESRCH;
	if (p->sid == p->pid || p->sid != current->sid)
		return -EPERM;
	if (!pgid)
		pgid = p->pid;
	if (pgid != p->pid) {
		bool found = false;
		struct list_head *l;
		list_for_each(l, &proc_list) {
			struct proc *q = list_entry(l, struct proc, all);
			if (q->pgid == pgid && q->sid == current->sid)
				found = true;
		}
		if (!found)
			return -EPERM;
	}
	for_each_thread(p, t)
		t->pgid = pgid;
	return 0;
}

/* The robust futex list head, walked at exit and execve (kernel/futex.c). */
long sys_set_robust_list(void __user *head, size_t len)
{
	if (len != 24) /* sizeof(struct robust_list_head) */
		return -EINVAL;
	current->robust_list = (uint64_t)head;
	return 0;
}

long sys_get_robust_list(int pid, void __user *head_ptr, size_t __user *len_ptr)
{
	struct proc *p = pid ? proc_find(pid) : current;
	uint64_t len = 24;

	if (!p)
		return -ESRCH;
	if (copy_to_user(head_ptr, &p->robust_list, sizeof(p->robust_list)) ||
	    copy_to_user(len_ptr, &len, sizeof(len)))
		return -EFAULT;
	return 0;
}

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_CAPBSET_READ 23
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_SET_CHILD_SUBREAPER 36
#define PR_GET_CHILD_SUBREAPER 37
#define PR_SET_NO_NEW_PRIVS 38
#define PR_GET_NO_NEW_PRIVS 39
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_IS_SET 1
#define PR_CAP_AMBIENT_RAISE 2
#define PR_CAP_AMBIENT_LOWER 3
#define PR_CAP_AMBIENT_CLEAR_ALL 4

/* prctl: the process attributes programs commonly set; others EINVAL. */
long sys_prctl(int option, unsigned long a2, unsigned long a3, unsigned long a4,
	       unsigned long a5)
{
	struct proc *p = current;
	char name[16];
	long n;

	switch (option) {
	case PR_SET_NAME:
		n = strncpy_from_user(name, (const char *)a2, sizeof(name));
		if (n == -EFAULT)
			return -EFAULT;
		name[sizeof(name) - 1] = 0; /* longer names are truncated */
		strlcpy(p->comm, name, sizeof(p->comm));
		return 0;
	case PR_GET_NAME:
		return copy_to_user((void *)a2, p->comm, sizeof(p->comm)) ? -EFAULT : 0;
	case PR_SET_PDEATHSIG:
		if (a2 > NSIG)
			return -EINVAL;
		p->pdeath_signal = (int)a2;
		return 0;
	case PR_GET_PDEATHSIG:
		return copy_to_user((void *)a2, &p->pdeath_signal, sizeof(int)) ? -EFAULT : 0;
	case PR_GET_DUMPABLE:
		return !p->not_dumpable;
	case PR_SET_DUMPABLE:
		if (a2 > 1)
			return -EINVAL;
		p->not_dumpable = !a2;
		return 0;
	case PR_CAPBSET_READ:
		/* The bounding set is full and cannot shrink (no PR_CAPBSET_DROP). */
		return a2 <= CAP_LAST_CAP ? 1 : -EINVAL;
	case PR_CAP_AMBIENT:
		/*
		 * The ambient set is empty and stays so: raising needs the
		 * capability in the inheritable set, which is empty too.
		 */
		if (a4 || a5 || (a2 == PR_CAP_AMBIENT_CLEAR_ALL && a3))
			return -EINVAL;
		if (a2 == PR_CAP_AMBIENT_CLEAR_ALL)
			return 0;
		if (a3 > CAP_LAST_CAP || a2 < PR_CAP_AMBIENT_IS_SET || a2 > PR_CAP_AMBIENT_LOWER)
			return -EINVAL;
		return a2 == PR_CAP_AMBIENT_RAISE ? -EPERM : 0;
	case PR_SET_NO_NEW_PRIVS:
		if (a2 != 1 || a3 || a4 || a5)
			return -EINVAL;
		p->no_new_privs = true; /* one way: it is never cleared */
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		if (a2 || a3 || a4 || a5)
			return -EINVAL;
		return p->no_new_privs;
	default:
		printk_once("prctl: option %d not supported yet\n", option);
		return -EINVAL;
	}
}

/* sethostname/setdomainname: privileged; len above 64 is EINVAL. */
static long set_uts(char *dst, const char __user *name, int len)
{
	char buf[65];

	if (!cred_privileged())
		return -EPERM;
	if (len < 0 || len > 64)
		return -EINVAL;
	if (copy_from_user(buf, name, (size_t)len))
		return -EFAULT;
	buf[len] = 0;
	memcpy(dst, buf, (size_t)len + 1);
	return 0;
}

long sys_sethostname(const char __user *name, int len)
{
	return set_uts(uts_nodename(), name, len);
}

long sys_setdomainname(const char __user *name, int len)
{
	return set_uts(uts_domainname(), name, len);
}

/* syslog(2) over the printk ring (kernel/printk.c). */
#define SYSLOG_ACTION_CLOSE 0
#define SYSLOG_ACTION_OPEN 1
#define SYSLOG_ACTION_READ 2
#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_READ_CLEAR 4
#define SYSLOG_ACTION_CLEAR 5
#define SYSLOG_ACTION_CONSOLE_OFF 6
#define SYSLOG_ACTION_CONSOLE_ON 7
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_UNREAD 9
#define SYSLOG_ACTION_SIZE_BUFFER 10

extern char printk_log[16384];
extern size_t printk_log_len;
static size_t syslog_cleared; /* log position READ_ALL starts from */

static long syslog_copy(char __user *buf, int len)
{
	size_t total = printk_log_len, start = syslog_cleared;
	size_t size = sizeof(printk_log);

	if (total - start > size)
		start = total - size; /* older text was overwritten */
	size_t n = MIN((size_t)len, total - start);
	start = total - n; /* the newest n bytes, as Linux's READ_ALL */
	for (size_t i = 0; i < n; i++) {
		char c = printk_log[(start + i) % size];
		if (copy_to_user(buf + i, &c, 1))
			return -EFAULT;
	}
	return (long)n;
}

long sys_syslog(int type, char __user *buf, int len)
{
	long n;

	if (!cred_privileged() && type != SYSLOG_ACTION_READ_ALL &&
	    type != SYSLOG_ACTION_SIZE_BUFFER)
		return -EPERM;
	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		if (len < 0)
			return -EINVAL;
		if (!len)
			return 0;
		n = syslog_copy(buf, len);
		if (n >= 0 && type == SYSLOG_ACTION_READ_CLEAR)
			syslog_cleared = printk_log_len;
		return n;
	case SYSLOG_ACTION_CLEAR:
		syslog_cleared = printk_log_len;
		return 0;
	case SYSLOG_ACTION_CONSOLE_OFF:
	case SYSLOG_ACTION_CONSOLE_ON:
		printk_quiet = type == SYSLOG_ACTION_CONSOLE_OFF;
		return 0;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		if (len < 1 || len > 8)
			return -EINVAL;
		printk_quiet = len < 5;
		return 0;
	case SYSLOG_ACTION_SIZE_UNREAD:
		return (long)MIN(printk_log_len - syslog_cleared, sizeof(printk_log));
	case SYSLOG_ACTION_SIZE_BUFFER:
		return (long)sizeof(printk_log);
	default:
		printk_once("syslog: action %d not supported yet\n", type);
		return -EINVAL;
	}
}
