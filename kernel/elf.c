// SPDX-License-Identifier: MIT
/*
 * elf.c - validation of ELF64 executables before anything is mapped
 * (System V gABI ch. 4-5).  Pure logic: compiled into the host unit tests.
 * Everything in the file is untrusted; every field is checked.
 */
#include "kernel/elf.h"
#include "kernel/errno.h"

#define PAGE 4096ULL

int elf_check_header(const struct elf64_ehdr *eh, unsigned machine)
{
	const unsigned char *id = eh->e_ident;

	if (id[0] != 0x7f || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
		return -ENOEXEC;
	if (id[4] != 2 || id[5] != 1 || id[6] != 1) /* ELFCLASS64, LSB, v1 */
		return -ENOEXEC;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return -ENOEXEC;
	if (eh->e_machine != machine)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return -ENOEXEC;
	if (eh->e_phnum == 0 || eh->e_phnum > ELF_MAX_PHNUM)
		return -ENOEXEC;
	return 0;
}

int elf_check_phdrs(const struct elf64_phdr *ph, unsigned n, uint64_t file_size,
		    uint64_t user_top, uint64_t *lo, uint64_t *hi)
{
	uint64_t min = ~0ULL, max = 0;

	for (unsigned i = 0; i < n; i++) {
		const struct elf64_phdr *p = &ph[i];
		if (p->p_type != PT_LOAD)
			continue;
		if (p->p_filesz > p->p_memsz)
			return -EINVAL;
		if (p->p_offset > file_size || p->p_filesz > file_size - p->p_offset)
			return -EINVAL;
		if ((p->p_vaddr - p->p_offset) % PAGE)
			return -EINVAL;
		if (p->p_vaddr >= user_top || p->p_memsz > user_top - p->p_vaddr)
			return -EINVAL;
		if (p->p_vaddr < min)
			min = p->p_vaddr;
		if (p->p_vaddr + p->p_memsz > max)
			max = p->p_vaddr + p->p_memsz;
	}
	if (max == 0)
		return -ENOEXEC;
	*lo = min & ~(PAGE - 1);
	*hi = (max + PAGE - 1) & ~(PAGE - 1);
	return 0;
}
