// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): opening the kernel side, /dev/dtrace, and agreeing on the
 * interface version.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "dtrace.h"

void dt_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", DTRACE_TOOL_NAME);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * Open /dev/dtrace and check that the kernel speaks the major version of
 * the interface this dtrace(1) was built for.  Returns 0, or -1 with the
 * reason already reported.
 */
int dt_open(struct dt_handle *dh)
{
	static const char path[] = "/dev/" DTRACE_DEVICE_NAME;

	dh->fd = open(path, O_RDWR | O_CLOEXEC);
	if (dh->fd < 0) {
		int err = errno;

		const char *hint = "";

		if (err == ENOENT)
			hint = " (is the kernel built with CONFIG_DTRACE?)";
		else if (err == EPERM || err == EACCES)
			hint = " (needs CAP_PERFMON or CAP_SYS_ADMIN, and no kernel lockdown)";
		dt_error("failed to open %s: %s%s", path, strerror(err), hint);
		return -1;
	}

	memset(&dh->kver, 0, sizeof(dh->kver));
	if (ioctl(dh->fd, DTRACEIOC_VERSION, &dh->kver) < 0) {
		dt_error("failed to get the kernel's DTrace version: %s",
			 strerror(errno));
		goto fail;
	}
	if (dh->kver.major != DTRACE_VERSION_MAJOR) {
		dt_error("kernel interface %u.%u is incompatible with this dtrace's %u.%u",
			 dh->kver.major, dh->kver.minor,
			 DTRACE_VERSION_MAJOR, DTRACE_VERSION_MINOR);
		goto fail;
	}
	return 0;

fail:
	close(dh->fd);
	dh->fd = -1;
	return -1;
}

void dt_close(struct dt_handle *dh)
{
	if (dh->fd >= 0)
		close(dh->fd);
	dh->fd = -1;
}
