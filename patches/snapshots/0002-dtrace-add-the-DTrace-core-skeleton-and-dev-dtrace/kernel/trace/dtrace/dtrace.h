/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DTrace core: declarations shared by the files of kernel/trace/dtrace/.
 * Nothing in here is an interface to the rest of the kernel.
 */
#ifndef _KERNEL_TRACE_DTRACE_H
#define _KERNEL_TRACE_DTRACE_H

#include <linux/fs.h>

int dtrace_open_permitted(void);
long dtrace_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

#endif /* _KERNEL_TRACE_DTRACE_H */
