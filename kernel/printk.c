// SPDX-License-Identifier: MIT
/*
 * printk.c - formatted output to the console, and panic.
 *
 * vsnprintf knows %d %i %u %x %X %p %s %c %% with l/ll/z modifiers, width,
 * '0' and '-' flags.  Kernel messages also go to a ring buffer for dmesg,
 * each line with its level and time as Linux's syslog(2) gives them.
 */
#include "kernel/kernel.h"
#include "kernel/panic.h"
#include "kernel/tty.h"
#include <arch/cpu.h>

int printk_quiet;
char printk_log[16384];
size_t printk_log_len; /* total bytes ever written; ring index = len % size */

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_num(struct out *o, unsigned long v, int base, bool upper,
		    bool neg, int width, char pad, bool left)
{
	char tmp[24];
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	if (neg && pad == '0') {
		put(o, '-');
		n--;
		width--;
	}
	for (int i = n; !left && i < width; i++)
		put(o, pad);
	while (n)
		put(o, tmp[--n]);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		bool left = false;
		char pad = ' ';
		int width = 0, lng = 0;
		for (; *fmt == '-' || *fmt == '0'; fmt++) {
			if (*fmt == '-')
				left = true;
			else
				pad = '0';
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		for (; *fmt == 'l' || *fmt == 'z'; fmt++)
			lng++;
		size_t start = o.len;
		switch (*fmt) {
		case 'd':
		case 'i': {
			long v = lng ? va_arg(ap, long) : va_arg(ap, int);
			put_num(&o, v < 0 ? -(unsigned long)v : (unsigned long)v, 10,
				false, v < 0, width, pad, left);
			break;
		}
		case 'u':
		case 'o':
		case 'x':
		case 'X': {
			unsigned long v = lng ? va_arg(ap, unsigned long)
					      : va_arg(ap, unsigned int);
			put_num(&o, v, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16, *fmt == 'X', false,
				width, pad, left);
			break;
		}
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_num(&o, (unsigned long)va_arg(ap, void *), 16, false,
				false, 16, '0', false);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			size_t n = strlen(s ? s : "(null)");
			for (size_t i = n; !left && (int)i < width; i++)
				put(&o, ' ');
			for (const char *p = s ? s : "(null)"; *p; p++)
				put(&o, *p);
			break;
		}
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case '%':
			put(&o, '%');
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
		while (left && (int)(o.len - start) < width)
			put(&o, ' ');
		if (!*fmt)
			break;
	}
	if (size)
		buf[MIN(o.len, size - 1)] = 0;
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static bool panicking;

/*
 * The log keeps what Linux's syslog(2) gives for each line: "<4>" (the
 * default level: messages here carry none) and the time since boot,
 * "[    0.123456] " (CONFIG_PRINTK_TIME).  The console gets the bare text.
 */
#define LOG_DEFAULT_LEVEL 4
static bool log_line_start = true;

static void log_put(char c)
{
	printk_log[printk_log_len++ % sizeof(printk_log)] = c;
}

static void log_write(const char *s, size_t n)
{
	char pre[40];

	for (size_t i = 0; i < n; i++) {
		if (log_line_start) {
			uint64_t us = arch_clock_ns() / 1000;
			int k = snprintf(pre, sizeof(pre), "<%d>[%5lu.%06lu] ", LOG_DEFAULT_LEVEL,
					 (unsigned long)(us / 1000000),
					 (unsigned long)(us % 1000000));
			for (int j = 0; j < k; j++)
				log_put(pre[j]);
			log_line_start = false;
		}
		log_put(s[i]);
		log_line_start = s[i] == '\n';
	}
}

/* To the UART (the early console), or to the console= terminal once that
 * is another one (hvc0), as Linux leaves its boot console then; a panic
 * goes to both. */
static void console_write(const char *s, size_t n)
{
	log_write(s, n);
	if (tty_console_print(s, n) && !panicking)
		return;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			arch_console_putc('\r');
		arch_console_putc(s[i]);
	}
}

void printk(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (printk_quiet) {
		log_write(buf, (size_t)MIN(n, (int)sizeof(buf) - 1));
		return;
	}
	console_write(buf, MIN((size_t)n, sizeof(buf) - 1));
}

/* Panic messages always reach the console, quiet or not. */
void panic(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	arch_irq_disable();
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk_quiet = 0;
	panicking = true;
	printk("Kernel panic - not syncing: %s\n", buf);
	panic_backtrace();
	panic_finish();
}
