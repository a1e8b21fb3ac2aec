/* SPDX-License-Identifier: MIT */
/*
 * true.c - /bench-true of the benchmark initramfs: the program that
 * bench.c's fork+execve+wait benchmark runs.  Does nothing and exits 0.
 */
int main(void)
{
	return 0;
}
