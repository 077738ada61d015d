// SPDX-License-Identifier: GPL-2.0
/*
 * tbprof: a QEMU TCG plugin that counts the guest instructions each
 * translated block runs, for scripts/bench insns.
 *
 *   qemu-system-x86_64 -plugin tbprof.so,out=FILE ...
 *
 * It writes one file per snapshot, FILE.1, FILE.2, ...: one is taken
 * each time the guest runs the marker instruction xchg %bx,%bx (66 87
 * db; it changes nothing), and one at the guest's end.  A line per block
 * that ran:
 *
 *	START-ADDRESS INSTRUCTIONS EXECUTIONS
 *
 * (hex, then decimal), counts since the boot, after a first line
 * "# translated N": the blocks translated so far, the same one again
 * after its code was written or the translations flushed.  A block is counted when
 * it is entered, with all its instructions: one that an exception leaves
 * early counts whole, as does an int3, which ends its block.  The
 * counters are plain adds, not atomic ones: run the guest with one TCG
 * thread (scripts/run --tcg-single).
 *
 * Guest instruction counts do not move with the host's load, as times
 * under TCG do.  scripts/bench insns brackets a loop of calls with two
 * markers (bench/bench_fbt.c) and takes the difference: what a probe
 * adds to a call, function by function, without what the boot did.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define TBPROF_BITS	22		/* 4M blocks; a boot makes ~200k */
#define TBPROF_SIZE	(1u << TBPROF_BITS)

struct tbprof_ent {
	uint64_t key;			/* address ^ instructions << 56; 0 free */
	uint64_t pc;
	uint64_t insns;
	uint64_t execs;
};

static struct tbprof_ent *tbprof_tab;
static unsigned int tbprof_used;
static pthread_mutex_t tbprof_lock = PTHREAD_MUTEX_INITIALIZER;
static char *tbprof_out;
static unsigned int tbprof_snaps;
static uint64_t tbprof_translated;	/* blocks translated, again or not */

static void tbprof_dump(void)
{
	char path[4096];
	unsigned int i;
	FILE *f;

	snprintf(path, sizeof(path), "%s.%u", tbprof_out, ++tbprof_snaps);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		return;
	}
	fprintf(f, "# translated %" PRIu64 "\n", tbprof_translated);
	for (i = 0; i < TBPROF_SIZE; i++) {
		struct tbprof_ent *e = &tbprof_tab[i];

		if (e->key && e->execs)
			fprintf(f, "%" PRIx64 " %" PRIu64 " %" PRIu64 "\n",
				e->pc, e->insns, e->execs);
	}
	if (tbprof_used >= TBPROF_SIZE / 2)
		fprintf(stderr, "tbprof: table full, counts are partial\n");
	fclose(f);
}

static void tbprof_marker(unsigned int vcpu, void *udata)
{
	tbprof_dump();
}

/* Is @insn the marker, xchg %bx,%bx? */
static int tbprof_is_marker(struct qemu_plugin_insn *insn)
{
	static const unsigned char mark[] = { 0x66, 0x87, 0xdb };

	return qemu_plugin_insn_size(insn) == sizeof(mark) &&
	       !memcmp(qemu_plugin_insn_data(insn), mark, sizeof(mark));
}

/*
 * The entry of a block; the same address may be translated again with
 * another length (a breakpoint written into it), which is another entry.
 */
static struct tbprof_ent *tbprof_get(uint64_t pc, uint64_t n)
{
	uint64_t key = (pc ^ (n << 56)) | 1;
	unsigned int h = (unsigned int)((key * 0x9e3779b97f4a7c15ull) >>
					 (64 - TBPROF_BITS));
	struct tbprof_ent *e;

	for (;; h = (h + 1) & (TBPROF_SIZE - 1)) {
		e = &tbprof_tab[h];
		if (e->key == key)
			return e;
		if (!e->key)
			break;
	}
	if (tbprof_used >= TBPROF_SIZE / 2)
		return NULL;
	tbprof_used++;
	e->key = key;
	e->pc = pc;
	e->insns = n;
	return e;
}

static void tbprof_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t i, n = qemu_plugin_tb_n_insns(tb);
	struct tbprof_ent *e;

	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

		if (tbprof_is_marker(insn))
			qemu_plugin_register_vcpu_insn_exec_cb(insn,
					tbprof_marker, QEMU_PLUGIN_CB_NO_REGS,
					NULL);
	}

	pthread_mutex_lock(&tbprof_lock);
	tbprof_translated++;
	e = tbprof_get(qemu_plugin_tb_vaddr(tb), n);
	pthread_mutex_unlock(&tbprof_lock);
	if (e)
		qemu_plugin_register_vcpu_tb_exec_inline(tb,
				QEMU_PLUGIN_INLINE_ADD_U64, &e->execs, 1);
}

static void tbprof_exit(qemu_plugin_id_t id, void *p)
{
	tbprof_dump();
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info,
					   int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++)
		if (!strncmp(argv[i], "out=", 4))
			tbprof_out = argv[i] + 4;
	if (!tbprof_out) {
		fprintf(stderr, "tbprof: out=FILE is needed\n");
		return -1;
	}
	tbprof_tab = calloc(TBPROF_SIZE, sizeof(*tbprof_tab));
	if (!tbprof_tab)
		return -1;
	qemu_plugin_register_vcpu_tb_trans_cb(id, tbprof_trans);
	qemu_plugin_register_atexit_cb(id, tbprof_exit, NULL);
	return 0;
}
