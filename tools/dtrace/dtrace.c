// SPDX-License-Identifier: GPL-2.0-only
/*
 * dtrace(1): the DTrace front end.
 *
 * It reads its options and D programs (-n, -P, -m, -f, -i, -s), compiles
 * them, and then either stops (-e), lists the probes they match (-l), or
 * enables them in the kernel and prints what they record until they
 * exit or it is interrupted.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dtrace.h"

/* A program given on the command line, in the order given. */
struct dt_src {
	enum dt_pspec pspec;
	int is_script;
	const char *arg;	/* -s path, or the text of -n/-P/-m/-f/-i */
};

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: %s [-CehlqSvVwZ] [-b bufsz] [-c cmd] [-D name[=def]]\n"
		"\t[-I path] [-o output] [-p pid] [-s script] [-U name]\n"
		"\t[-x opt[=val]]\n"
		"\t[-P provider [[ predicate ] action ]]\n"
		"\t[-m [ provider: ] module [[ predicate ] action ]]\n"
		"\t[-f [[ provider: ] module: ] func [[ predicate ] action ]]\n"
		"\t[-n [[[ provider: ] module: ] func: ] name [[ predicate ] action ]]\n"
		"\t[-i probe-id [[ predicate ] action ]] [ args ... ]\n"
		"\n"
		"\tpredicate -> '/' D-expression '/'\n"
		"\t   action -> '{' D-statements '}'\n"
		"\n"
		"\t-b  set trace buffer size\n"
		"\t-c  run specified command and exit upon its completion\n"
		"\t-C  run cpp(1) preprocessor on script files\n"
		"\t-D  define symbol when invoking preprocessor\n"
		"\t-e  exit after compiling request but prior to enabling probes\n"
		"\t-f  enable or list probes matching the specified function name\n"
		"\t-h  print this help and exit\n"
		"\t-i  enable or list probes matching the specified probe id\n"
		"\t-I  add include directory to preprocessor search path\n"
		"\t-l  list probes matching specified criteria\n"
		"\t-m  enable or list probes matching the specified module name\n"
		"\t-n  enable or list probes matching the specified probe name\n"
		"\t-o  set output file\n"
		"\t-p  trace specified process ID and exit upon its completion\n"
		"\t-P  enable or list probes matching the specified provider name\n"
		"\t-q  set quiet mode (only output explicitly traced data)\n"
		"\t-s  enable or list probes according to the specified D script\n"
		"\t-S  print D compiler intermediate code\n"
		"\t-U  undefine symbol when invoking preprocessor\n"
		"\t-v  set verbose mode (report stability attributes, arguments)\n"
		"\t-V  report the D language version and the kernel's DTrace\n"
		"\t    interface version\n"
		"\t-w  permit destructive actions\n"
		"\t-x  enable or modify compiler and tracing options\n"
		"\t-Z  permit probe descriptions that match zero probes\n",
		DTRACE_TOOL_NAME);
}

static int report_version(void)
{
	struct dt_handle dh;

	printf("%s: %s\n", DTRACE_TOOL_NAME, DTRACE_TOOL_VERSION);
	fflush(stdout);
	dt_handle_init(&dh);
	if (dt_open(&dh))
		return DTRACE_EXIT_ERROR;
	printf("%s: kernel interface %u.%u\n", DTRACE_TOOL_NAME,
	       dh.kver.major, dh.kver.minor);
	dt_close(&dh);
	return DTRACE_EXIT_OK;
}

/* Read all of @fd into a NUL-terminated buffer. */
static char *dt_read_fd(int fd, size_t *lenp)
{
	size_t len = 0, cap = 4096;
	char *buf = dt_alloc(cap);

	for (;;) {
		ssize_t n;

		if (len + 1 >= cap) {
			cap *= 2;
			buf = dt_realloc(buf, cap);
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return NULL;
		}
		if (n == 0)
			break;
		len += n;
	}
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

static char *dt_read_file(const char *path, size_t *lenp)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : 0;
	char *buf;

	if (fd < 0)
		return NULL;
	buf = dt_read_fd(fd, lenp);
	if (fd)
		close(fd);
	return buf;
}

/*
 * Run the C preprocessor over @src: cpp reads it on its standard input
 * and its output, with its line markers, is the program compiled.
 */
static char *dt_cpp(const char *src, size_t len, char **cppargs, int ncpp,
		    size_t *outlen)
{
	int in[2], out[2];
	const char **argv;
	char *res;
	pid_t pid;
	int i, status;

	if (pipe(in) || pipe(out)) {
		dt_error("failed to run cpp: %s", strerror(errno));
		return NULL;
	}
	argv = dt_zalloc((ncpp + 8) * sizeof(*argv));
	i = 0;
	argv[i++] = "cpp";
	argv[i++] = "-D__linux";
	argv[i++] = "-D__unix";
	argv[i++] = "-D__SUNW_D=1";
	argv[i++] = "-D__SUNW_D_64";
	memcpy(argv + i, cppargs, ncpp * sizeof(*argv));
	i += ncpp;
	argv[i++] = "-";
	argv[i] = NULL;

	pid = fork();
	if (pid < 0) {
		dt_error("failed to run cpp: %s", strerror(errno));
		return NULL;
	}
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execvp("cpp", (char * const *)argv);
		dt_error("failed to run cpp: %s", strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	/* The program is small: cpp reads it all before writing much. */
	if (fork() == 0) {
		size_t off = 0;

		close(out[0]);
		while (off < len) {
			ssize_t n = write(in[1], src + off, len - off);

			if (n <= 0)
				break;
			off += n;
		}
		_exit(0);
	}
	close(in[1]);
	res = dt_read_fd(out[0], outlen);
	close(out[0]);
	while (wait(&status) > 0) {
		if (WIFEXITED(status) && WEXITSTATUS(status) && res) {
			if (WEXITSTATUS(status) == 127 || WEXITSTATUS(status) == 1) {
				free(res);
				res = NULL;
			}
		}
	}
	free(argv);
	if (!res)
		dt_error("preprocessor failed");
	return res;
}

/* $1... that no program used: an error unless -x argref. */
static int dt_check_macro_args(struct dt_handle *dtp)
{
	int i;

	if (dtp->opts[DT_OPT_ARGREF] || !dtp->progs)
		return 0;
	for (i = 1; i < dtp->nmacro_args && i < 32; i++) {
		if (!(dtp->macro_used & (1U << i))) {
			struct dt_loc loc = { 1, 1 };

			dt_cc_late_error(dtp, dtp->progs, &loc, D_MACRO_UNUSED,
					 "extraneous argument '%s' ($%d is not referenced)",
					 dtp->macro_args[i], i);
			return -1;
		}
	}
	return 0;
}

static void dt_matched(struct dt_handle *dtp, struct dt_prog *prog)
{
	if (dtp->opts[DT_OPT_QUIET])
		return;
	fflush(dtp->out);
	fprintf(stderr, "%s: %s '%s' matched %u probe%s\n", DTRACE_TOOL_NAME,
		prog->is_script ? "script" : "description", prog->srcname,
		prog->nmatched, prog->nmatched == 1 ? "" : "s");
}

static int dt_list(struct dt_handle *dtp)
{
	struct dt_prog *prog;
	int rc = DTRACE_EXIT_OK;

	if (!dtp->progs) {
		if (dt_list_probes(dtp, NULL, dtp->verbose) < 0)
			return DTRACE_EXIT_ERROR;
		return DTRACE_EXIT_OK;
	}
	for (prog = dtp->progs; prog; prog = prog->next) {
		struct dt_clause *cl;

		for (cl = prog->clauses; cl; cl = cl->next) {
			struct dt_pdesc *pd;

			for (pd = cl->pdescs; pd; pd = pd->next) {
				int n = dt_list_probes(dtp, &pd->desc, dtp->verbose);

				if (n < 0)
					return DTRACE_EXIT_ERROR;
				if (n == 0 && !dtp->zdefs) {
					char d[512];

					dt_pdesc_str(&pd->desc, d, sizeof(d));
					dt_cc_late_error(dtp, prog, &pd->loc,
							 D_PDESC_ZERO,
							 "probe description %s does not match any probes",
							 d);
					rc = DTRACE_EXIT_ERROR;
				}
			}
		}
	}
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct dt_handle dh, *dtp = &dh;
	struct dt_src *srcs;
	char **cppargs;
	int nsrcs = 0, ncpp = 0, c, i;
	int list = 0, compile_only = 0, cpp = 0;
	const char *outfile = NULL;
	struct dt_prog *prog;
	char err[256];
	int rc;

	dt_handle_init(dtp);
	srcs = dt_zalloc(argc * sizeof(*srcs));
	cppargs = dt_zalloc(argc * 2 * sizeof(*cppargs));
	if (getenv("_DTRACE_TESTING")) {
		dtp->testing = 1;
		dtp->opts[DT_OPT_QUIETRESIZE] = 1;
	}

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":b:c:CD:ef:FhHi:I:lm:n:o:p:P:qs:SU:vVwx:Z",
				longopts, NULL)) != -1) {
		switch (c) {
		case 'b':
			if (dt_setopt(dtp, "bufsize", optarg, err, sizeof(err))) {
				dt_error("failed to set -b %s: %s", optarg, err);
				return DTRACE_EXIT_USAGE;
			}
			break;
		case 'c':
			if (dtp->target_pid) {
				dt_error("only one -c or -p is supported");
				return DTRACE_EXIT_USAGE;
			}
			if (dt_proc_create(dtp, optarg))
				return DTRACE_EXIT_ERROR;
			break;
		case 'p':
			if (dtp->target_pid) {
				dt_error("only one -c or -p is supported");
				return DTRACE_EXIT_USAGE;
			}
			if (dt_proc_grab(dtp, optarg))
				return DTRACE_EXIT_ERROR;
			break;
		case 'C':
			cpp = 1;
			break;
		case 'D':
		case 'U':
		case 'I':
			cppargs[ncpp++] = dt_sprintf("-%c%s", c, optarg);
			break;
		case 'e':
			compile_only = 1;
			break;
		case 'F':
			dtp->opts[DT_OPT_FLOWINDENT] = 1;
			break;
		case 'h':
			usage(stdout);
			return DTRACE_EXIT_OK;
		case 'H':
			break;
		case 'f':
			srcs[nsrcs++] = (struct dt_src){ DT_PSPEC_FUNC, 0, optarg };
			break;
		case 'i':
			srcs[nsrcs++] = (struct dt_src){ DT_PSPEC_ID, 0, optarg };
			break;
		case 'm':
			srcs[nsrcs++] = (struct dt_src){ DT_PSPEC_MOD, 0, optarg };
			break;
		case 'n':
			srcs[nsrcs++] = (struct dt_src){ DT_PSPEC_NAME, 0, optarg };
			break;
		case 'P':
			srcs[nsrcs++] = (struct dt_src){ DT_PSPEC_PROVIDER, 0, optarg };
			break;
		case 's':
			srcs[nsrcs++] = (struct dt_src){ DT_PSPEC_NAME, 1, optarg };
			break;
		case 'l':
			list = 1;
			break;
		case 'o':
			outfile = optarg;
			break;
		case 'q':
			dtp->opts[DT_OPT_QUIET] = 1;
			break;
		case 'S':
			dtp->dump_dif = 1;
			break;
		case 'v':
			dtp->verbose = 1;
			break;
		case 'V':
			return report_version();
		case 'w':
			dtp->destructive = 1;
			dtp->kopts[DTRACEOPT_DESTRUCTIVE] = 1;
			break;
		case 'x': {
			char *name = dt_strdup(optarg), *eq = strchr(name, '=');

			if (eq)
				*eq++ = '\0';
			if (dt_setopt(dtp, name, eq, err, sizeof(err))) {
				dt_error("failed to set -x %s: %s", name, err);
				return DTRACE_EXIT_ERROR;
			}
			if (!strcmp(name, "destructive"))
				dtp->destructive = 1;
			if (!strcmp(name, "cpp"))
				cpp = 1;
			break;
		}
		case 'Z':
			dtp->zdefs = 1;
			dtp->opts[DT_OPT_ZDEFS] = 1;
			break;
		case ':':
			dt_error("option -%c requires an argument", optopt);
			usage(stderr);
			return DTRACE_EXIT_USAGE;
		default:
			dt_error("option -%c is unknown or not supported yet",
				 optopt);
			usage(stderr);
			return DTRACE_EXIT_USAGE;
		}
	}

	/* $0 is the first script (or dtrace), $1... the other arguments. */
	dtp->nmacro_args = argc - optind + 1;
	dtp->macro_args = dt_zalloc((dtp->nmacro_args + 1) * sizeof(char *));
	dtp->macro_args[0] = argv[0];
	for (i = 0; i < nsrcs; i++) {
		if (srcs[i].is_script) {
			dtp->macro_args[0] = (char *)srcs[i].arg;
			break;
		}
	}
	for (i = optind; i < argc; i++)
		dtp->macro_args[i - optind + 1] = argv[i];

	if (!nsrcs && !list) {
		dt_error("no probes specified");
		usage(stderr);
		return DTRACE_EXIT_USAGE;
	}

	if (outfile) {
		dtp->out = fopen(outfile, "w");
		if (!dtp->out) {
			dt_error("failed to open output file '%s': %s", outfile,
				 strerror(errno));
			return DTRACE_EXIT_ERROR;
		}
	}

	for (i = 0; i < nsrcs; i++) {
		const char *text = srcs[i].arg;
		size_t len = strlen(text);
		char *buf = NULL;

		if (srcs[i].is_script) {
			buf = dt_read_file(srcs[i].arg, &len);
			if (!buf) {
				dt_error("failed to open %s: %s", srcs[i].arg,
					 strerror(errno));
				return DTRACE_EXIT_ERROR;
			}
			text = buf;
		}
		if (cpp && srcs[i].is_script) {
			char *p = dt_cpp(text, len, cppargs, ncpp, &len);

			if (!p)
				return DTRACE_EXIT_ERROR;
			text = p;
		}
		prog = dt_compile(dtp, srcs[i].arg, text, len, srcs[i].is_script,
				  srcs[i].pspec);
		if (!prog)
			return DTRACE_EXIT_ERROR;
	}
	if (dt_check_macro_args(dtp))
		return DTRACE_EXIT_ERROR;
	if (compile_only)
		return DTRACE_EXIT_OK;

	if (dt_open(dtp))
		return DTRACE_EXIT_ERROR;
	if (list) {
		rc = dt_list(dtp);
		dt_close(dtp);
		return rc;
	}
	if (dt_setopts_kernel(dtp))
		return DTRACE_EXIT_ERROR;
	/*
	 * Our clause on ERROR comes first, so that a fault is reported even
	 * if the program's own ERROR clause calls exit().
	 */
	if (dt_error_clause(dtp))
		return DTRACE_EXIT_ERROR;
	for (prog = dtp->progs; prog; prog = prog->next) {
		if (dt_prog_enable(dtp, prog))
			return DTRACE_EXIT_ERROR;
		dt_matched(dtp, prog);
	}
	rc = dt_run(dtp);
	if (dtp->out != stdout)
		fclose(dtp->out);
	dt_close(dtp);
	return rc;
}
