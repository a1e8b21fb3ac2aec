// SPDX-License-Identifier: MIT
/*
 * serial.c - the PL011 UART (Arm DDI 0183): the early console and
 * /dev/ttyAMA0 (major 204, minor 64, as Linux's amba-pl011).  Found through
 * /chosen stdout-path or the first "arm,pl011" node; 0x09000000 (QEMU virt)
 * when the device tree cannot say.  Output is polled; input arrives by
 * interrupt (RX and RX timeout) and goes to the tty layer.
 */
#include "kernel/kernel.h"
#include "kernel/tty.h"
#include <arch/cpu.h>
#include <arch/mmu.h>
#include "arch/aarch64/aarch64_internal.h"

#define VIRT_UART 0x09000000UL
#define VIRT_UART_INTID 33

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTIBRD 0x24
#define UARTFBRD 0x28
#define UARTLCR_H 0x2c
#define UARTCR 0x30
#define UARTIMSC 0x38
#define UARTICR 0x44
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define LCR_H_FEN (1u << 4)
#define LCR_H_WLEN8 (3u << 5)
#define CR_UARTEN (1u << 0)
#define CR_TXE (1u << 8)
#define CR_RXE (1u << 9)
#define INT_RX (1u << 4)
#define INT_RT (1u << 6)

static uint8_t *uart;
static int uart_node = -1;
static struct tty *serial_tty;

static int find_uart(void)
{
	int n = dt_stdout_node();

	if (n >= 0 && dt_is_compatible(n, "arm,pl011"))
		return n;
	for (n = -1; (n = dt_find_compatible("arm,pl011", n)) >= 0;)
		if (dt_node_ok(n))
			return n;
	return -1;
}

void serial_early_init(void)
{
	uint64_t pa = VIRT_UART, size = 0x1000;

	uart_node = find_uart();
	if (uart_node >= 0 && !dt_reg(uart_node, 0, &pa, &size))
		pa = VIRT_UART;
	uart = mmu_ioremap(pa, 0x1000);
	mmio_write32(uart + UARTCR, 0);
	mmio_write32(uart + UARTIBRD, 13); /* 115200 baud from 24 MHz */
	mmio_write32(uart + UARTFBRD, 1);
	mmio_write32(uart + UARTLCR_H, LCR_H_WLEN8 | LCR_H_FEN);
	mmio_write32(uart + UARTIMSC, 0);
	mmio_write32(uart + UARTICR, 0x7ff);
	mmio_write32(uart + UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
}

void arch_console_putc(char c)
{
	if (!uart)
		return;
	for (int i = 0; i < 100000 && (mmio_read32(uart + UARTFR) & FR_TXFF); i++)
		arch_cpu_relax();
	mmio_write32(uart + UARTDR, (uint8_t)c);
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

	mmio_write32(uart + UARTICR, INT_RX | INT_RT);
	while (!(mmio_read32(uart + UARTFR) & FR_RXFE)) {
		buf[n++] = (char)(mmio_read32(uart + UARTDR) & 0xff);
		if (n == sizeof(buf)) {
			tty_receive(serial_tty, buf, n);
			n = 0;
		}
	}
	if (n)
		tty_receive(serial_tty, buf, n);
}

/* Register /dev/ttyAMA0 and start receiving. */
void serial_init(void)
{
	unsigned intid = VIRT_UART_INTID;

	serial_tty = tty_register("ttyAMA0", 204, 64, serial_write);
	if (uart_node < 0 || !dt_irq(uart_node, 0, &intid))
		printk("serial: no interrupt in the device tree; using INTID %u\n", intid);
	irq_register(intid, true, serial_irq);
	mmio_write32(uart + UARTIMSC, INT_RX | INT_RT);
}
