// SPDX-License-Identifier: MIT
/*
 * serial.c - the 16550 UART at COM1 (0x3f8, IRQ 4): the early console and
 * /dev/ttyS0.  Output is polled (the FIFO drains at line rate under QEMU);
 * input arrives by interrupt and goes to the tty layer.
 */
#include "kernel/kernel.h"
#include "kernel/tty.h"
#include <arch/cpu.h>
#include "arch/x86_64/x86_internal.h"

#define COM1 0x3f8
#define UART_RBR 0
#define UART_THR 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LSR_DR 0x01
#define LSR_THRE 0x20

static struct tty *serial_tty;

void serial_early_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, 0x80);	/* DLAB */
	outb(COM1 + 0, 1);		/* 115200 baud */
	outb(COM1 + 1, 0);
	outb(COM1 + UART_LCR, 0x03);	/* 8N1 */
	outb(COM1 + UART_FCR, 0x07);	/* FIFO on, cleared */
	outb(COM1 + UART_MCR, 0x0b);	/* DTR, RTS, OUT2 (IRQ gate) */
}

void arch_console_putc(char c)
{
	for (int i = 0; i < 100000 && !(inb(COM1 + UART_LSR) & LSR_THRE); i++)
		arch_cpu_relax();
	outb(COM1 + UART_THR, (uint8_t)c);
}

static void serial_write(struct tty *t, const char *s, size_t n)
{
	(void)t;
	for (size_t i = 0; i < n; i++)
		arch_console_putc(s[i]);
}

static void serial_irq(void)
{
	char buf[16];
	size_t n = 0;

	while (inb(COM1 + UART_LSR) & LSR_DR) {
		buf[n++] = (char)inb(COM1 + UART_RBR);
		if (n == sizeof(buf)) {
			tty_receive(serial_tty, buf, n);
			n = 0;
		}
	}
	if (n)
		tty_receive(serial_tty, buf, n);
}

/* Register /dev/ttyS0 and start receiving. */
void serial_init(void)
{
	serial_tty = tty_register("ttyS0", 4, 64, serial_write);
	irq_register_isa(4, serial_irq);
	outb(COM1 + UART_IER, 0x01);	/* received data available */
}
