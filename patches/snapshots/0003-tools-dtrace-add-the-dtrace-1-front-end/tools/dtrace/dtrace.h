/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * dtrace(1): declarations shared by its files.
 */
#ifndef _DTRACE_H
#define _DTRACE_H

#include <linux/compiler.h>
#include <linux/dtrace.h>

#define DTRACE_TOOL_NAME	"dtrace"
/* The version of the D language and of this front end. */
#define DTRACE_TOOL_VERSION	"Linux D 0.1"

/* Exit statuses of dtrace(1). */
#define DTRACE_EXIT_OK		0
#define DTRACE_EXIT_ERROR	1
#define DTRACE_EXIT_USAGE	2

struct dt_handle {
	int fd;				/* open /dev/dtrace */
	struct dtrace_version kver;	/* what the kernel speaks */
};

/* dt_open.c */
int dt_open(struct dt_handle *dh);
void dt_close(struct dt_handle *dh);

void dt_error(const char *fmt, ...) __printf(1, 2);

#endif /* _DTRACE_H */
