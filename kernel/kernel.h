/* SPDX-License-Identifier: MIT */
/*
 * kernel.h - what every kernel file needs: fixed-width types, errno, printk,
 * panic/assert, string helpers, intrusive lists.
 */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/errno.h"

typedef long ssize_t;
typedef long off_t;

#define __user /* marks a pointer into user space: touch only via uaccess */
#define __unused __attribute__((unused))
#define __noreturn __attribute__((noreturn))
#define __packed __attribute__((packed))
#define __aligned(x) __attribute__((aligned(x)))
#define __printf(a, b) __attribute__((format(printf, a, b)))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define container_of(p, type, member) \
	((type *)((char *)(p) - offsetof(type, member)))

/* ERR_PTR encoding: one convention for pointers that can fail. */
#define MAX_ERRNO 4095
static inline void *ERR_PTR(long err) { return (void *)err; }
static inline long PTR_ERR(const void *p) { return (long)p; }
static inline bool IS_ERR(const void *p)
{
	return (unsigned long)p >= (unsigned long)-MAX_ERRNO;
}

/* printk.c */
__printf(1, 2) void printk(const char *fmt, ...);
__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
__printf(1, 2) __noreturn void panic(const char *fmt, ...);
extern int printk_quiet; /* "quiet" on the command line */

#define assert(c)                                                        \
	do {                                                             \
		if (!(c))                                                \
			panic("assertion failed: %s at %s:%d", #c,       \
			      __FILE__, __LINE__);                       \
	} while (0)

/* Log a message only the first time this call site runs. */
#define printk_once(...)                                                 \
	do {                                                             \
		static bool printed_;                                    \
		if (!printed_) {                                         \
			printed_ = true;                                 \
			printk(__VA_ARGS__);                             \
		}                                                        \
	} while (0)

/* string.c */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
size_t strlcpy(char *dst, const char *src, size_t size);
char *kstrdup(const char *s);

/* Doubly linked intrusive list (Linux style). */
struct list_head {
	struct list_head *next, *prev;
};
#define LIST_HEAD_INIT(n) { &(n), &(n) }
static inline void list_init(struct list_head *h) { h->next = h->prev = h; }
static inline bool list_empty(const struct list_head *h) { return h->next == h; }
static inline void list_insert_(struct list_head *n, struct list_head *prev,
				struct list_head *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}
static inline void list_add(struct list_head *n, struct list_head *h)
{
	list_insert_(n, h, h->next);
}
static inline void list_add_tail(struct list_head *n, struct list_head *h)
{
	list_insert_(n, h->prev, h);
}
static inline void list_del(struct list_head *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n->prev = n;
}
#define list_entry(p, type, member) container_of(p, type, member)
#define list_for_each(p, h) for ((p) = (h)->next; (p) != (h); (p) = (p)->next)
#define list_for_each_safe(p, n, h) \
	for ((p) = (h)->next, (n) = (p)->next; (p) != (h); (p) = (n), (n) = (p)->next)

#endif
