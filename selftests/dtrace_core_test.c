// SPDX-License-Identifier: GPL-2.0
/*
 * The DTrace core through /dev/dtrace, without dtrace(1): hand-assembled
 * DIF enabled on the dtrace provider's probes, records read back from the
 * buffers, faults reported through dtrace:::ERROR, bad programs refused,
 * and teardown when the consumer is killed.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/dtrace.h>

#include "../kselftest_harness.h"

#define DEV_PATH	"/dev/" DTRACE_DEVICE_NAME

#define I3(op, r1, r2, rd)	DIF_INSTR_FMT(DIF_OP_##op, r1, r2, rd)
#define SETX(idx, rd)		DIF_INSTR_INDEX(DIF_OP_SETX, idx, rd)
#define SETS(off, rd)		DIF_INSTR_INDEX(DIF_OP_SETS, off, rd)
#define LDGS(v, rd)		DIF_INSTR_INDEX(DIF_OP_LDGS, v, rd)
#define STGS(v, rs)		DIF_INSTR_INDEX(DIF_OP_STGS, v, rs)
#define LDTS(v, rd)		DIF_INSTR_INDEX(DIF_OP_LDTS, v, rd)
#define STTS(v, rs)		DIF_INSTR_INDEX(DIF_OP_STTS, v, rs)
#define RET(r)			DIF_INSTR_RET(r)

static const struct dif_type t_int = { .kind = DIF_TYPE_CTF, .size = 8 };
static const struct dif_type t_str = { .kind = DIF_TYPE_STRING,
				       .flags = DIF_TF_BYREF };

static void difo(struct dif_object *o, const uint32_t *text, int n,
		 const uint64_t *ints, int nint)
{
	memset(o, 0, sizeof(*o));
	o->text = (uintptr_t)text;
	o->ntext = n;
	o->inttab = (uintptr_t)ints;
	o->nint = nint;
	o->rtype = t_int;
}

static void desc(struct dtrace_probedesc *d, const char *prov, const char *name)
{
	memset(d, 0, sizeof(*d));
	strcpy(d->prov, prov);
	strcpy(d->name, name);
}

/* The probe id of dtrace:::NAME, and how many clauses are enabled on it. */
static int probe_info(int fd, const char *name, uint32_t *nenabled)
{
	struct dtrace_probematch pm = { .start = 0 };

	desc(&pm.desc, "dtrace", name);
	if (ioctl(fd, DTRACEIOC_PROBEMATCH, &pm))
		return -1;
	if (nenabled)
		*nenabled = pm.nenabled;
	return pm.desc.id;
}

static int enable(int fd, const char *name, struct dtrace_actdesc *acts,
		  int nacts, const struct dif_object *pred, uint64_t uarg)
{
	struct dtrace_enable en;

	memset(&en, 0, sizeof(en));
	desc(&en.ecb.probe, "dtrace", name);
	en.ecb.actions = (uintptr_t)acts;
	en.ecb.nactions = nacts;
	en.ecb.uarg = uarg;
	if (pred)
		en.ecb.pred = *pred;
	if (ioctl(fd, DTRACEIOC_ENABLE, &en))
		return -1;
	return en.nmatched;
}

/* Read every CPU's buffer into one array; return its length. */
static size_t snap_all(int fd, char *out, size_t room, size_t bufsize)
{
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	size_t len = 0;
	long cpu;

	for (cpu = 0; cpu < ncpu; cpu++) {
		struct dtrace_bufdesc bd = {
			.data = (uintptr_t)(out + len),
			.size = room - len,
			.cpu = cpu,
		};

		if (room - len < bufsize)
			break;
		if (ioctl(fd, DTRACEIOC_BUFSNAP, &bd))
			continue;
		len += bd.size;
	}
	return len;
}

/* Find the first record of @epid in @buf; its data, or NULL. */
static const char *find_rec(const char *buf, size_t len, uint32_t epid)
{
	size_t off = 0;

	while (off + sizeof(struct dtrace_rechdr) <= len) {
		const struct dtrace_rechdr *h = (const void *)(buf + off);

		if (h->size < sizeof(*h) || off + h->size > len)
			return NULL;
		if (h->epid == epid)
			return (const char *)(h + 1);
		off += h->size;
	}
	return NULL;
}

FIXTURE(core) {
	int fd;
	char *buf;
	size_t room;
};

#define BUFSIZE (64 * 1024)

FIXTURE_SETUP(core)
{
	struct dtrace_opt o = { .option = DTRACEOPT_BUFSIZE, .value = BUFSIZE };
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);

	self->fd = open(DEV_PATH, O_RDWR);
	ASSERT_LE(0, self->fd) TH_LOG("open: %s", strerror(errno));
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_SETOPT, &o));
	self->room = BUFSIZE * (ncpu + 1);
	self->buf = malloc(self->room);
	ASSERT_NE(NULL, self->buf);
}

FIXTURE_TEARDOWN(core)
{
	close(self->fd);
	free(self->buf);
}

TEST_F(core, probes_of_the_dtrace_provider)
{
	struct dtrace_probematch pm = { .start = 0 };
	int n = 0;

	for (;;) {
		desc(&pm.desc, "dtrace", "");
		if (ioctl(self->fd, DTRACEIOC_PROBEMATCH, &pm))
			break;
		EXPECT_STREQ("dtrace", pm.desc.prov);
		EXPECT_STREQ("", pm.desc.mod);
		EXPECT_STREQ("", pm.desc.func);
		pm.start = pm.desc.id + 1;
		n++;
	}
	EXPECT_EQ(ESRCH, errno);
	EXPECT_EQ(3, n);
	EXPECT_LT(0, probe_info(self->fd, "BEGIN", NULL));
	EXPECT_LT(0, probe_info(self->fd, "END", NULL));
	EXPECT_LT(0, probe_info(self->fd, "ERROR", NULL));
	/* Globs. */
	desc(&pm.desc, "dt*ce", "E[NR]*");
	pm.start = 0;
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_PROBEMATCH, &pm));
	EXPECT_STREQ("END", pm.desc.name);
	desc(&pm.desc, "nosuchprovider", "");
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_PROBEMATCH, &pm));
	EXPECT_EQ(ESRCH, errno);
}

TEST_F(core, begin_trace_and_exit)
{
	static const uint32_t t42[] = { SETX(0, 1), RET(1) };
	static const uint32_t t3[] = { SETX(1, 1), RET(1) };
	static const uint64_t ints[] = { 42, 3 };
	struct dtrace_actdesc a[2] = {
		{ .kind = DTRACEACT_DIFEXPR },
		{ .kind = DTRACEACT_EXIT },
	};
	struct dtrace_recdesc recs[4];
	struct dtrace_epdesc ep = { .epid = 1, .nrecs = 4,
				    .recs = (uintptr_t)recs };
	struct dtrace_status st;
	const char *d;
	size_t len;

	difo(&a[0].difo, t42, 2, ints, 2);
	difo(&a[1].difo, t3, 2, ints, 2);
	ASSERT_EQ(1, enable(self->fd, "BEGIN", a, 2, NULL, 77));
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_EPDESC, &ep));
	EXPECT_EQ(2, ep.nrecs);
	EXPECT_EQ(16, ep.size);
	EXPECT_EQ(77, ep.uarg);
	EXPECT_EQ(probe_info(self->fd, "BEGIN", NULL), (int)ep.probe);
	EXPECT_EQ(DTRACEACT_EXIT, recs[1].kind);
	EXPECT_EQ(8, recs[1].offset);

	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_GO));
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_STATUS, &st));
	EXPECT_EQ(DTRACE_STATE_EXITED, st.state);
	EXPECT_EQ(3, st.exitcode);
	EXPECT_EQ(0, st.errors);

	len = snap_all(self->fd, self->buf, self->room, BUFSIZE);
	d = find_rec(self->buf, len, 1);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(42, *(const uint64_t *)d);
	EXPECT_EQ(3, *(const uint64_t *)(d + 8));
	EXPECT_EQ(0, ioctl(self->fd, DTRACEIOC_STOP));
	/* Enabling after GO is refused. */
	EXPECT_EQ(-1, enable(self->fd, "END", a, 1, NULL, 0));
	EXPECT_EQ(EBUSY, errno);
}

TEST_F(core, strings_predicates_and_end)
{
	static const char strs[] = "hello";
	static const uint32_t ts[] = { SETS(0, 1), RET(1) };
	static const uint32_t zero[] = { RET(0) };
	static const uint32_t one[] = { SETX(0, 1), RET(1) };
	static const uint64_t ints[] = { 1 };
	struct dtrace_actdesc a = { .kind = DTRACEACT_DIFEXPR };
	struct dtrace_opt o = { .option = DTRACEOPT_STRSIZE, .value = 32 };
	struct dif_object pred;
	size_t len;
	const char *d;

	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_SETOPT, &o));
	difo(&a.difo, ts, 2, NULL, 0);
	a.difo.strtab = (uintptr_t)strs;
	a.difo.strlen = sizeof(strs);
	a.difo.rtype = t_str;
	difo(&pred, zero, 1, NULL, 0);
	ASSERT_EQ(1, enable(self->fd, "BEGIN", &a, 1, &pred, 0));	/* 1 */
	difo(&pred, one, 2, ints, 1);
	ASSERT_EQ(1, enable(self->fd, "BEGIN", &a, 1, &pred, 0));	/* 2 */
	ASSERT_EQ(1, enable(self->fd, "END", &a, 1, NULL, 0));		/* 3 */
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_GO));

	len = snap_all(self->fd, self->buf, self->room, BUFSIZE);
	EXPECT_EQ(NULL, find_rec(self->buf, len, 1));	/* predicate 0 */
	d = find_rec(self->buf, len, 2);
	ASSERT_NE(NULL, d);
	EXPECT_STREQ("hello", d);
	EXPECT_EQ(0, d[31]);
	EXPECT_EQ(NULL, find_rec(self->buf, len, 3));	/* not yet */
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_STOP));
	len = snap_all(self->fd, self->buf, self->room, BUFSIZE);
	d = find_rec(self->buf, len, 3);
	ASSERT_NE(NULL, d);
	EXPECT_STREQ("hello", d);
}

TEST_F(core, fault_fires_error)
{
	/* trace(*(int *)0): the load at DIF offset 1 faults. */
	static const uint32_t bad[] = { SETX(0, 1), I3(LDSW, 1, 0, 2), RET(2) };
	static const uint64_t ints[] = { 0 };
	uint32_t args[5][2];
	struct dtrace_actdesc a = { .kind = DTRACEACT_DIFEXPR };
	struct dtrace_actdesc ea[5];
	struct dtrace_status st;
	const char *d;
	size_t len;
	int i;

	difo(&a.difo, bad, 3, ints, 1);
	ASSERT_EQ(1, enable(self->fd, "BEGIN", &a, 1, NULL, 0));	/* 1 */
	for (i = 0; i < 5; i++) {
		args[i][0] = LDGS(DIF_VAR_ARG1 + i, 1);
		args[i][1] = RET(1);
		ea[i].kind = DTRACEACT_DIFEXPR;
		ea[i].flags = 0;
		ea[i].arg = 0;
		difo(&ea[i].difo, args[i], 2, NULL, 0);
	}
	ASSERT_EQ(1, enable(self->fd, "ERROR", ea, 5, NULL, 0));	/* 2 */
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_GO));
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_STATUS, &st));
	EXPECT_EQ(1, st.errors);
	EXPECT_EQ(DTRACE_STATE_ACTIVE, st.state);

	len = snap_all(self->fd, self->buf, self->room, BUFSIZE);
	EXPECT_EQ(NULL, find_rec(self->buf, len, 1));	/* not committed */
	d = find_rec(self->buf, len, 2);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(1, ((const uint64_t *)d)[0]);		/* epid */
	EXPECT_EQ(1, ((const uint64_t *)d)[1]);		/* action #1 */
	EXPECT_EQ(1, ((const uint64_t *)d)[2]);		/* DIF offset */
	EXPECT_EQ(DTRACEFLT_BADADDR, ((const uint64_t *)d)[3]);
	EXPECT_EQ(0, ((const uint64_t *)d)[4]);		/* address */
}

TEST_F(core, global_and_thread_local_variables)
{
	/* BEGIN { x = 5; self->t = 7; } BEGIN { trace(x + self->t); } */
	static const char names[] = "x\0t";
	static const uint32_t set[] = {
		SETX(0, 1), STGS(0x500, 1), SETX(1, 2), STTS(0x500, 2), RET(0)
	};
	static const uint32_t get[] = {
		LDGS(0x500, 1), LDTS(0x500, 2), I3(ADD, 1, 2, 3), RET(3)
	};
	static const uint64_t ints[] = { 5, 7 };
	struct dif_var vars[2] = {
		{ .name = 0, .id = 0x500, .kind = DIFV_KIND_SCALAR,
		  .scope = DIFV_SCOPE_GLOBAL, .type = t_int },
		{ .name = 2, .id = 0x500, .kind = DIFV_KIND_SCALAR,
		  .scope = DIFV_SCOPE_THREAD, .type = t_int },
	};
	struct dtrace_actdesc a[2] = {
		{ .kind = DTRACEACT_DIFEXPR }, { .kind = DTRACEACT_DIFEXPR },
	};
	const char *d;
	size_t len;

	difo(&a[0].difo, set, 5, ints, 2);
	difo(&a[1].difo, get, 4, NULL, 0);
	for (int i = 0; i < 2; i++) {
		a[i].difo.vartab = (uintptr_t)vars;
		a[i].difo.nvars = 2;
		a[i].difo.strtab = (uintptr_t)names;
		a[i].difo.strlen = sizeof(names);
	}
	ASSERT_EQ(1, enable(self->fd, "BEGIN", &a[0], 1, NULL, 0));
	ASSERT_EQ(1, enable(self->fd, "BEGIN", &a[1], 1, NULL, 0));
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_GO));
	len = snap_all(self->fd, self->buf, self->room, BUFSIZE);
	d = find_rec(self->buf, len, 2);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(12, *(const uint64_t *)d);
}

TEST_F(core, bad_programs_are_refused)
{
	struct dtrace_epdesc ep = { .epid = 1, .nrecs = 1 };
	struct dtrace_recdesc r;
	static const uint32_t backward[] = { I3(NOP, 0, 0, 0),
		DIF_INSTR_BRANCH(DIF_OP_BA, 0), RET(0) };
	static const uint32_t badreg[] = { I3(ADD, 9, 1, 2), RET(2) };
	static const uint32_t noret[] = { I3(MOV, 1, 0, 2) };
	static const uint32_t ok[] = { RET(0) };
	struct dtrace_actdesc a = { .kind = DTRACEACT_DIFEXPR };
	struct dtrace_enable en;

	difo(&a.difo, backward, 3, NULL, 0);
	EXPECT_EQ(-1, enable(self->fd, "BEGIN", &a, 1, NULL, 0));
	EXPECT_EQ(EINVAL, errno);
	difo(&a.difo, badreg, 2, NULL, 0);
	EXPECT_EQ(-1, enable(self->fd, "BEGIN", &a, 1, NULL, 0));
	EXPECT_EQ(EINVAL, errno);
	difo(&a.difo, noret, 1, NULL, 0);
	EXPECT_EQ(-1, enable(self->fd, "BEGIN", &a, 1, NULL, 0));
	EXPECT_EQ(EINVAL, errno);

	/* The reason comes back with the error. */
	memset(&en, 0, sizeof(en));
	desc(&en.ecb.probe, "dtrace", "BEGIN");
	difo(&a.difo, backward, 3, NULL, 0);
	en.ecb.actions = (uintptr_t)&a;
	en.ecb.nactions = 1;
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_ENABLE, &en));
	EXPECT_NE(NULL, strstr(en.errmsg, "backward branch"))
		TH_LOG("errmsg: %s", en.errmsg);

	/* Hostile sizes and pointers. */
	difo(&a.difo, ok, 1, NULL, 0);
	a.difo.ntext = 1 << 30;
	EXPECT_EQ(-1, enable(self->fd, "BEGIN", &a, 1, NULL, 0));
	EXPECT_EQ(E2BIG, errno);
	difo(&a.difo, ok, 1, NULL, 0);
	a.difo.text = 16;
	EXPECT_EQ(-1, enable(self->fd, "BEGIN", &a, 1, NULL, 0));
	EXPECT_EQ(EFAULT, errno);
	difo(&a.difo, ok, 1, NULL, 0);
	EXPECT_EQ(-1, enable(self->fd, "BEGIN", &a, 100000, NULL, 0));
	EXPECT_EQ(EINVAL, errno);
	a.kind = 0x7777;
	EXPECT_EQ(-1, enable(self->fd, "BEGIN", &a, 1, NULL, 0));
	EXPECT_EQ(EOPNOTSUPP, errno);
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_ENABLE, (void *)8));
	EXPECT_EQ(EFAULT, errno);
	/* Nothing was left enabled by the failures. */
	a.kind = DTRACEACT_DIFEXPR;
	EXPECT_EQ(1, enable(self->fd, "BEGIN", &a, 1, NULL, 0));
	ep.recs = (uintptr_t)&r;
	EXPECT_EQ(0, ioctl(self->fd, DTRACEIOC_EPDESC, &ep));
	ep.epid = 2;
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_EPDESC, &ep));
	EXPECT_EQ(ENOENT, errno);
}

TEST_F(core, options_and_states)
{
	struct dtrace_opt o = { .option = DTRACEOPT_MAX, .value = 1 };
	struct dtrace_bufdesc bd = { .data = (uintptr_t)self->buf,
				     .size = BUFSIZE };

	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_SETOPT, &o));
	EXPECT_EQ(EINVAL, errno);
	o.option = DTRACEOPT_BUFSIZE;
	o.value = 1;
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_SETOPT, &o));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_BUFSNAP, &bd));
	EXPECT_EQ(ENXIO, errno);
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_STOP));
	EXPECT_EQ(EINVAL, errno);
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_GO));
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_GO));
	EXPECT_EQ(EBUSY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_SETOPT, &o));
	EXPECT_EQ(EBUSY, errno);
	bd.size = BUFSIZE - 1;
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_BUFSNAP, &bd));
	EXPECT_EQ(ENOSPC, errno);
	bd.size = BUFSIZE;
	bd.cpu = 1 << 20;
	EXPECT_EQ(-1, ioctl(self->fd, DTRACEIOC_BUFSNAP, &bd));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(core, deadman_aborts_a_silent_consumer)
{
	struct dtrace_opt o = { .option = DTRACEOPT_DEADMAN,
				.value = 1000000000ULL };
	struct dtrace_status st;

	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_SETOPT, &o));
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_GO));
	sleep(4);
	ASSERT_EQ(0, ioctl(self->fd, DTRACEIOC_STATUS, &st));
	EXPECT_EQ(DTRACE_STATE_KILLED, st.state);
	EXPECT_EQ(DTRACE_ABORT_DEADMAN, st.aborted);
}

/* kill -9 of a consumer leaves nothing enabled. */
TEST(teardown_on_kill)
{
	static const uint32_t ok[] = { RET(0) };
	struct dtrace_actdesc a = { .kind = DTRACEACT_DIFEXPR };
	uint32_t before, during, after;
	int fd, p[2], status;
	pid_t pid;
	char c;

	fd = open(DEV_PATH, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_LT(0, probe_info(fd, "END", &before));
	ASSERT_EQ(0, pipe(p));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int cfd = open(DEV_PATH, O_RDWR);

		difo(&a.difo, ok, 1, NULL, 0);
		if (cfd < 0 || enable(cfd, "END", &a, 1, NULL, 0) != 1 ||
		    enable(cfd, "END", &a, 1, NULL, 0) != 1 ||
		    ioctl(cfd, DTRACEIOC_GO))
			_exit(1);
		if (write(p[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(p[1]);
	ASSERT_EQ(1, read(p[0], &c, 1));
	ASSERT_LT(0, probe_info(fd, "END", &during));
	EXPECT_EQ(before + 2, during);
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status));
	ASSERT_LT(0, probe_info(fd, "END", &after));
	EXPECT_EQ(before, after);
	close(fd);
}

/* kill -9 of dtrace(1) itself, in mid-run, leaves nothing enabled. */
TEST(dtrace_command_killed)
{
	uint32_t before, now = 0;
	int fd, i, status;
	pid_t pid;

	fd = open(DEV_PATH, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_LT(0, probe_info(fd, "END", &before));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		execlp("dtrace", "dtrace", "-q", "-n", "END { trace(1); }",
		       (char *)NULL);
		_exit(127);
	}
	/* Wait (boundedly) until its clause is enabled. */
	for (i = 0; i < 600; i++) {
		ASSERT_LT(0, probe_info(fd, "END", &now));
		if (now > before || waitpid(pid, &status, WNOHANG) == pid)
			break;
		usleep(50000);
	}
	ASSERT_EQ(before + 1, now) TH_LOG("dtrace never enabled END");
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status));
	ASSERT_LT(0, probe_info(fd, "END", &now));
	EXPECT_EQ(before, now);
	close(fd);
}

TEST_HARNESS_MAIN
