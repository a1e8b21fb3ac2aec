/* SPDX-License-Identifier: MIT */
/* elf.h - ELF64 headers (System V gABI) and the checks execve applies. */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include <stddef.h>
#include <stdint.h>

struct elf64_ehdr {
	unsigned char e_ident[16];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

#define ET_EXEC 2
#define ET_DYN 3
#define PT_LOAD 1
#define PT_INTERP 3
#define PT_PHDR 6
#define PT_GNU_STACK 0x6474e551
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define ELF_MAX_PHNUM 64

/* 0 when the header describes an executable for `machine`, else -ENOEXEC. */
int elf_check_header(const struct elf64_ehdr *eh, unsigned machine);
/*
 * Check the program headers: loadable segments aligned (vaddr = offset mod
 * page), inside the user half, sizes sane.  0 or -ENOEXEC / -EINVAL.
 * *lo, *hi: the page-aligned span of the loadable segments.
 */
int elf_check_phdrs(const struct elf64_phdr *ph, unsigned n, uint64_t file_size,
		    uint64_t user_top, uint64_t *lo, uint64_t *hi);

#endif
