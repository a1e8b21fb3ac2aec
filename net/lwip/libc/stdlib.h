/* SPDX-License-Identifier: MIT */
/*
 * stdlib.h for lwIP's own files only: netif_find's atoi, and mem.c's
 * allocator (lwipopts.h names port.c's functions for malloc and free).
 */
#include "kernel/kernel.h"

int lwip_port_atoi(const char *s);
#define atoi lwip_port_atoi
