// SPDX-License-Identifier: MIT
// sources: kernel/elf.c
/*
 * test_elf.c - the ELF checks execve applies, against good and hostile
 * headers: wrong magic, class, machine, type, phentsize, phnum, segments
 * past the end of the file, misaligned or kernel-half segments.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "kernel/elf.h"
#include "kernel/errno.h"
#include "tests/unit/unit.h"

#define USER_TOP 0x00007ffffffff000ULL

int failures, checks;

static struct elf64_ehdr good_header(void)
{
	struct elf64_ehdr eh;

	memset(&eh, 0, sizeof(eh));
	memcpy(eh.e_ident, "\177ELF\2\1\1", 7);
	eh.e_type = ET_EXEC;
	eh.e_machine = 62;
	eh.e_phentsize = sizeof(struct elf64_phdr);
	eh.e_phnum = 2;
	return eh;
}

static void test_header(void)
{
	struct elf64_ehdr eh = good_header();

	EXPECT(elf_check_header(&eh, 62) == 0);
	EXPECT(elf_check_header(&eh, 183) == -ENOEXEC);
	eh.e_type = ET_DYN;
	EXPECT(elf_check_header(&eh, 62) == 0);
	eh.e_type = 1; /* ET_REL */
	EXPECT(elf_check_header(&eh, 62) == -ENOEXEC);
	eh = good_header();
	eh.e_ident[0] = 0;
	EXPECT(elf_check_header(&eh, 62) == -ENOEXEC);
	eh = good_header();
	eh.e_ident[4] = 1; /* ELFCLASS32 */
	EXPECT(elf_check_header(&eh, 62) == -ENOEXEC);
	eh = good_header();
	eh.e_ident[5] = 2; /* big endian */
	EXPECT(elf_check_header(&eh, 62) == -ENOEXEC);
	eh = good_header();
	eh.e_phentsize = 32;
	EXPECT(elf_check_header(&eh, 62) == -ENOEXEC);
	eh = good_header();
	eh.e_phnum = 0;
	EXPECT(elf_check_header(&eh, 62) == -ENOEXEC);
	eh.e_phnum = 65535;
	EXPECT(elf_check_header(&eh, 62) == -ENOEXEC);
}

static void test_phdrs(void)
{
	struct elf64_phdr ph[2];
	uint64_t lo, hi;

	memset(ph, 0, sizeof(ph));
	ph[0] = (struct elf64_phdr){ .p_type = PT_LOAD, .p_offset = 0,
				     .p_vaddr = 0x400000, .p_filesz = 0x1234,
				     .p_memsz = 0x1234 };
	ph[1] = (struct elf64_phdr){ .p_type = PT_LOAD, .p_offset = 0x2010,
				     .p_vaddr = 0x402010, .p_filesz = 0x100,
				     .p_memsz = 0x5000 };
	EXPECT(elf_check_phdrs(ph, 2, 0x3000, USER_TOP, &lo, &hi) == 0);
	EXPECT(lo == 0x400000 && hi == 0x408000);

	/* Segment data past the end of the file. */
	EXPECT(elf_check_phdrs(ph, 2, 0x2000, USER_TOP, &lo, &hi) == -EINVAL);
	/* filesz > memsz. */
	ph[1].p_filesz = 0x6000;
	EXPECT(elf_check_phdrs(ph, 2, 0x10000, USER_TOP, &lo, &hi) == -EINVAL);
	ph[1].p_filesz = 0x100;
	/* vaddr and offset disagree modulo the page size. */
	ph[1].p_vaddr = 0x402020;
	EXPECT(elf_check_phdrs(ph, 2, 0x3000, USER_TOP, &lo, &hi) == -EINVAL);
	ph[1].p_vaddr = 0x402010;
	/* Into the kernel half, and wrapping around. */
	ph[1].p_vaddr = 0xffffffff80002010ULL;
	EXPECT(elf_check_phdrs(ph, 2, 0x3000, USER_TOP, &lo, &hi) == -EINVAL);
	ph[1].p_vaddr = 0x402010;
	ph[1].p_memsz = ~0ULL - 0x1000;
	EXPECT(elf_check_phdrs(ph, 2, 0x3000, USER_TOP, &lo, &hi) == -EINVAL);
	/* No loadable segment at all. */
	ph[0].p_type = ph[1].p_type = PT_PHDR;
	EXPECT(elf_check_phdrs(ph, 2, 0x3000, USER_TOP, &lo, &hi) == -ENOEXEC);
	/* Offset beyond the file with zero filesz still points past it. */
	ph[0] = (struct elf64_phdr){ .p_type = PT_LOAD, .p_offset = 0x100000,
				     .p_vaddr = 0x100000, .p_filesz = 0,
				     .p_memsz = 0x1000 };
	EXPECT(elf_check_phdrs(ph, 1, 0x3000, USER_TOP, &lo, &hi) == -EINVAL);
}

int main(void)
{
	test_header();
	test_phdrs();
	printf("test_elf: %s\n", failures ? "FAILED" : "ok");
	return failures != 0;
}
