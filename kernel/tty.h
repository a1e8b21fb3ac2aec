/* SPDX-License-Identifier: MIT */
/*
 * tty.h - terminals: a line discipline over a driver's write routine.
 * Drivers register a tty and feed received bytes with tty_receive (from
 * interrupt context; bytes beyond a full input queue are dropped).  The
 * console is the tty named by console=.  tty_init also makes /dev/tty,
 * /dev/console and the pseudo-terminals (/dev/ptmx, devpts).
 */
#ifndef KERNEL_TTY_H
#define KERNEL_TTY_H

#include "kernel/kernel.h"

struct tty;
typedef void (*tty_write_fn)(struct tty *t, const char *s, size_t n);

struct tty *tty_register(const char *name, unsigned major, unsigned minor,
			 tty_write_fn write);
void tty_receive(struct tty *t, const char *buf, size_t n);
/* Not a serial line (hvc): Linux's tty_std_termios c_cflag, 38400 baud,
 * and the termios a hangup restores (TTY_DRIVER_RESET_TERMIOS). */
void tty_std_cflag(struct tty *t);
/* The device says the window is now rows x cols (SIGWINCH on a change). */
void tty_resize(struct tty *t, unsigned rows, unsigned cols);
/* Choose /dev/console by name ("ttyS0", "hvc0"), now or when a terminal of
 * that name registers; the first registered until then. */
void tty_set_console(const char *name);
/* Kernel messages to the console when it is not the early console (the
 * UART, registered first): false when the caller must print them. */
bool tty_console_print(const char *s, size_t n);
void tty_init(void);
/* A session leader exits (kernel/jobctl.c calls this): its terminal is
 * hung up, or for a pty its foreground group gets SIGHUP, and the session
 * loses the terminal. */
struct proc;
void tty_session_leader_exit(struct proc *p);

#endif
