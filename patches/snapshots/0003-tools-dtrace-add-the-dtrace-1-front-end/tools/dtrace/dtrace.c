// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): the DTrace front end.
 *
 * This is its beginning: option parsing and the version report, which
 * asks the kernel for its interface version.  The D compiler and the
 * consumer are added on top of it.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtrace.h"

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: %s [-hV]\n"
		"\n"
		"\t-h  print this help and exit\n"
		"\t-V  report the D language version and the kernel's\n"
		"\t    DTrace interface version\n",
		DTRACE_TOOL_NAME);
}

static int report_version(void)
{
	struct dt_handle dh;

	printf("%s: %s\n", DTRACE_TOOL_NAME, DTRACE_TOOL_VERSION);
	fflush(stdout);
	if (dt_open(&dh))
		return DTRACE_EXIT_ERROR;
	printf("%s: kernel interface %u.%u\n", DTRACE_TOOL_NAME,
	       dh.kver.major, dh.kver.minor);
	dt_close(&dh);
	return DTRACE_EXIT_OK;
}

int main(int argc, char **argv)
{
	int c;

	opterr = 0;
	while ((c = getopt(argc, argv, "hV")) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return DTRACE_EXIT_OK;
		case 'V':
			return report_version();
		default:
			dt_error("option -%c is unknown or not supported yet",
				 optopt);
			usage(stderr);
			return DTRACE_EXIT_USAGE;
		}
	}
	if (optind < argc)
		dt_error("unexpected argument: %s", argv[optind]);
	else
		dt_error("no probes or script given");
	usage(stderr);
	return DTRACE_EXIT_USAGE;
}
