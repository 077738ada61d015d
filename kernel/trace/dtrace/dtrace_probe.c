// SPDX-License-Identifier: GPL-2.0-only
/*
 * DTrace: providers and probes.
 *
 * A provider registers itself with dtrace_register() and creates probes,
 * each named provider:module:function:name and numbered by a dtrace_id_t.
 * Probe context finds a probe by id in dtrace_probe_tab, an array that is
 * only ever replaced as a whole: a new table is published, dtrace_sync()
 * waits until no CPU can still be reading the old one, and then the old
 * one is freed.  Everything else runs under dtrace_lock.
 *
 * A hash of provider and names finds a probe by name (providers such as
 * fbt create tens of thousands).
 *
 * Providers create probes on demand from their provide callback, which
 * runs under dtrace_provider_lock, taken before dtrace_lock, so that the
 * callback can create probes (dtrace_probe_create() takes dtrace_lock).
 */

#define pr_fmt(fmt) "dtrace: " fmt

#include <linux/glob.h>
#include <linux/hashtable.h>
#include <linux/jhash.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "dtrace.h"

/* Probes, consumers' enablings, everything but probe context. */
DEFINE_MUTEX(dtrace_lock);
/* The provider list and provide callbacks; taken before dtrace_lock. */
static DEFINE_MUTEX(dtrace_provider_lock);

static LIST_HEAD(dtrace_providers);

/* Probes by id; ids start at 1.  Replaced whole, never resized in place. */
struct dtrace_probe_tab {
	u32 size;
	struct dtrace_probe *probes[];
};

static struct dtrace_probe_tab *dtrace_probe_tab;

/* Probes by provider and name; under dtrace_lock. */
static DEFINE_HASHTABLE(dtrace_probe_hash, 14);
static DEFINE_HASHTABLE(dtrace_probe_fhash, 14);
static u32 dtrace_nprobes;		/* highest id in use */

/* Probe context. */
struct dtrace_probe *dtrace_probe_get(dtrace_id_t id)
{
	struct dtrace_probe_tab *tab = READ_ONCE(dtrace_probe_tab);

	if (!tab || id == DTRACE_IDNONE || id > tab->size)
		return NULL;
	return READ_ONCE(tab->probes[id - 1]);
}

static int dtrace_probe_tab_grow(void)
{
	struct dtrace_probe_tab *old = dtrace_probe_tab, *new;
	u32 size = old ? old->size * 2 : 1024;

	lockdep_assert_held(&dtrace_lock);
	if (size > DTRACE_MAX_PROBES)
		return -ENOSPC;
	new = kvzalloc(struct_size(new, probes, size), GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	new->size = size;
	if (old)
		memcpy(new->probes, old->probes, old->size * sizeof(old->probes[0]));
	/* Pairs with READ_ONCE() in dtrace_probe_get(): the copy first. */
	smp_store_release(&dtrace_probe_tab, new);
	if (old) {
		dtrace_sync();
		kvfree(old);
	}
	return 0;
}

static bool dtrace_name_ok(const char *s, size_t max)
{
	return s && strnlen(s, max) < max;
}

/**
 * dtrace_register - register a provider
 * @name: its name, as in probe descriptions
 * @pops: its operations
 * @arg: passed to the operations
 * @provp: where to return the provider
 *
 * Return: 0, -EINVAL for a bad name, -EEXIST if the name is taken.
 */
int dtrace_register(const char *name, const struct dtrace_pops *pops,
		    void *arg, struct dtrace_provider **provp)
{
	struct dtrace_provider *prov, *p;

	if (!dtrace_name_ok(name, DTRACE_PROVNAMELEN) || !*name ||
	    !pops || !pops->enable || !pops->disable)
		return -EINVAL;

	prov = kzalloc_obj(*prov);
	if (!prov)
		return -ENOMEM;
	strscpy(prov->name, name, sizeof(prov->name));
	prov->pops = pops;
	prov->arg = arg;

	mutex_lock(&dtrace_provider_lock);
	list_for_each_entry(p, &dtrace_providers, list) {
		if (!strcmp(p->name, name)) {
			mutex_unlock(&dtrace_provider_lock);
			kfree(prov);
			return -EEXIST;
		}
	}
	list_add_tail(&prov->list, &dtrace_providers);
	mutex_unlock(&dtrace_provider_lock);

	*provp = prov;
	return 0;
}
EXPORT_SYMBOL_GPL(dtrace_register);

static u32 dtrace_probe_hashval(struct dtrace_provider *prov, const char *mod,
				const char *func, const char *name)
{
	u32 h = jhash(func, strlen(func), (u32)(unsigned long)prov);

	h = jhash(mod, strlen(mod), h);
	return jhash(name, strlen(name), h);
}

static void dtrace_probe_free(struct dtrace_probe *p)
{
	kfree(p->mod);
	kfree(p->func);
	kfree(p->name);
	kfree(p);
}

/**
 * dtrace_unregister - remove a provider and its probes
 * @prov: the provider
 *
 * Return: 0, or -EBUSY if one of its probes is enabled.
 */
int dtrace_unregister(struct dtrace_provider *prov)
{
	struct dtrace_probe_tab *tab;
	struct dtrace_probe *p;
	LIST_HEAD(dead);
	u32 i;

	mutex_lock(&dtrace_provider_lock);
	mutex_lock(&dtrace_lock);
	tab = dtrace_probe_tab;
	for (i = 0; tab && i < dtrace_nprobes; i++) {
		p = tab->probes[i];
		if (p && p->prov == prov && p->nenabled) {
			mutex_unlock(&dtrace_lock);
			mutex_unlock(&dtrace_provider_lock);
			return -EBUSY;
		}
	}
	for (i = 0; tab && i < dtrace_nprobes; i++) {
		p = tab->probes[i];
		if (!p || p->prov != prov)
			continue;
		WRITE_ONCE(tab->probes[i], NULL);
		hash_del(&p->hash);
		hash_del(&p->fhash);
		list_add(&p->prov_list, &dead);
	}
	list_del(&prov->list);
	/* No CPU may still be looking at the probes. */
	dtrace_sync();
	while (!list_empty(&dead)) {
		p = list_first_entry(&dead, struct dtrace_probe, prov_list);
		list_del(&p->prov_list);
		if (prov->pops->destroy)
			prov->pops->destroy(prov->arg, p->id, p->parg);
		dtrace_probe_free(p);
	}
	mutex_unlock(&dtrace_lock);
	mutex_unlock(&dtrace_provider_lock);
	kfree(prov);
	return 0;
}
EXPORT_SYMBOL_GPL(dtrace_unregister);

static struct dtrace_probe *dtrace_probe_find(struct dtrace_provider *prov,
					      const char *mod, const char *func,
					      const char *name)
{
	struct dtrace_probe *p;

	lockdep_assert_held(&dtrace_lock);
	hash_for_each_possible(dtrace_probe_hash, p, hash,
			       dtrace_probe_hashval(prov, mod, func, name))
		if (p->prov == prov && !strcmp(p->mod, mod) &&
		    !strcmp(p->func, func) && !strcmp(p->name, name))
			return p;
	return NULL;
}

/**
 * dtrace_probe_lookup - find a probe of a provider by name
 *
 * Return: its id, or DTRACE_IDNONE.
 */
dtrace_id_t dtrace_probe_lookup(struct dtrace_provider *prov, const char *mod,
				const char *func, const char *name)
{
	struct dtrace_probe *p;
	dtrace_id_t id;

	mutex_lock(&dtrace_lock);
	p = dtrace_probe_find(prov, mod ?: "", func ?: "", name);
	id = p ? p->id : DTRACE_IDNONE;
	mutex_unlock(&dtrace_lock);
	return id;
}
EXPORT_SYMBOL_GPL(dtrace_probe_lookup);

static dtrace_id_t __dtrace_probe_create(struct dtrace_provider *prov,
					 const char *mod, const char *func,
					 const char *name, int nargs,
					 void *parg)
{
	struct dtrace_probe *p;

	lockdep_assert_held(&dtrace_lock);
	if (!dtrace_name_ok(mod, DTRACE_MODNAMELEN) ||
	    !dtrace_name_ok(func, DTRACE_FUNCNAMELEN) ||
	    !dtrace_name_ok(name, DTRACE_NAMELEN) || !*name)
		return DTRACE_IDNONE;
	if (dtrace_probe_find(prov, mod, func, name))
		return DTRACE_IDNONE;
	if ((!dtrace_probe_tab || dtrace_nprobes == dtrace_probe_tab->size) &&
	    dtrace_probe_tab_grow())
		return DTRACE_IDNONE;

	p = kzalloc_obj(*p);
	if (!p)
		return DTRACE_IDNONE;
	p->mod = kstrdup(mod, GFP_KERNEL);
	p->func = kstrdup(func, GFP_KERNEL);
	p->name = kstrdup(name, GFP_KERNEL);
	if (!p->mod || !p->func || !p->name) {
		dtrace_probe_free(p);
		return DTRACE_IDNONE;
	}
	p->prov = prov;
	p->nargs = nargs;
	p->parg = parg;
	p->id = ++dtrace_nprobes;
	hash_add(dtrace_probe_hash, &p->hash,
		 dtrace_probe_hashval(prov, p->mod, p->func, p->name));
	hash_add(dtrace_probe_fhash, &p->fhash,
		 jhash(p->func, strlen(p->func), 0));
	/* The probe is complete before probe context can find it. */
	smp_store_release(&dtrace_probe_tab->probes[p->id - 1], p);
	return p->id;
}

/**
 * dtrace_probe_create - create a probe
 * @prov: its provider
 * @mod: module ("" for none)
 * @func: function ("" for none)
 * @name: name (not empty)
 * @nargs: number of arguments it passes
 * @parg: the provider's data for it
 *
 * Must not be called with dtrace_lock held; may be called from the
 * provider's provide callback.
 *
 * Return: the new probe's id, or DTRACE_IDNONE if it exists already, a
 * name is too long, or memory ran out.
 */
dtrace_id_t dtrace_probe_create(struct dtrace_provider *prov, const char *mod,
				const char *func, const char *name, int nargs,
				void *parg)
{
	dtrace_id_t id;

	mutex_lock(&dtrace_lock);
	id = __dtrace_probe_create(prov, mod ?: "", func ?: "", name, nargs,
				   parg);
	mutex_unlock(&dtrace_lock);
	return id;
}
EXPORT_SYMBOL_GPL(dtrace_probe_create);

bool dtrace_desc_valid(const struct dtrace_probedesc *d)
{
	return strnlen(d->prov, sizeof(d->prov)) < sizeof(d->prov) &&
	       strnlen(d->mod, sizeof(d->mod)) < sizeof(d->mod) &&
	       strnlen(d->func, sizeof(d->func)) < sizeof(d->func) &&
	       strnlen(d->name, sizeof(d->name)) < sizeof(d->name);
}

/* A field of a description: empty matches anything, else a glob. */
bool dtrace_glob(const char *pat, const char *s)
{
	return !*pat || glob_match(pat, s);
}

static bool dtrace_probe_matches(const struct dtrace_probe *p,
				 const struct dtrace_probedesc *d)
{
	return dtrace_glob(d->prov, p->prov->name) &&
	       dtrace_glob(d->mod, p->mod) && dtrace_glob(d->func, p->func) &&
	       dtrace_glob(d->name, p->name);
}

/**
 * dtrace_probe_provide - have the providers create the probes @desc names
 * @desc: the description (validated)
 *
 * Called without dtrace_lock.
 */
void dtrace_probe_provide(const struct dtrace_probedesc *desc)
{
	struct dtrace_provider *prov;

	mutex_lock(&dtrace_provider_lock);
	list_for_each_entry(prov, &dtrace_providers, list)
		if (prov->pops->provide && dtrace_glob(desc->prov, prov->name))
			prov->pops->provide(prov->arg, desc);
	mutex_unlock(&dtrace_provider_lock);
}

/**
 * dtrace_probe_commit - let the providers finish arming what they
 * enabled and disarming what they disabled
 *
 * Called without dtrace_lock when a consumer starts tracing, once all
 * its enablings are in, and when it is torn down, once all its probes
 * are disabled: every provider runs its commit().
 */
void dtrace_probe_commit(void)
{
	struct dtrace_provider *prov;

	mutex_lock(&dtrace_provider_lock);
	list_for_each_entry(prov, &dtrace_providers, list)
		if (prov->pops->commit)
			prov->pops->commit(prov->arg);
	mutex_unlock(&dtrace_provider_lock);
}

/**
 * dtrace_probe_match_next - the next probe a description matches
 * @desc: the description (validated)
 * @start: the smallest id to consider
 * @probep: the probe found
 *
 * Called with dtrace_lock held.
 *
 * Return: 0, or -ESRCH if no probe with an id >= @start matches.
 */
int dtrace_probe_match_next(const struct dtrace_probedesc *desc, u32 start,
			    struct dtrace_probe **probep)
{
	u32 i;

	lockdep_assert_held(&dtrace_lock);
	/*
	 * A description that names its function (no glob): the probes of
	 * that function, by hash.  A program that names thousands of
	 * functions would otherwise go through every probe for each.
	 */
	if (*desc->func && !strpbrk(desc->func, "*?[\\")) {
		struct dtrace_probe *p, *next = NULL;

		hash_for_each_possible(dtrace_probe_fhash, p, fhash,
				       jhash(desc->func, strlen(desc->func), 0))
			if (p->id >= start && (!next || p->id < next->id) &&
			    dtrace_probe_matches(p, desc))
				next = p;
		*probep = next;
		return next ? 0 : -ESRCH;
	}
	for (i = max(start, 1U); dtrace_probe_tab && i <= dtrace_nprobes; i++) {
		struct dtrace_probe *p = dtrace_probe_tab->probes[i - 1];

		if (p && dtrace_probe_matches(p, desc)) {
			*probep = p;
			return 0;
		}
	}
	return -ESRCH;
}

void dtrace_probe_fill(const struct dtrace_probe *p, struct dtrace_probedesc *d)
{
	memset(d, 0, sizeof(*d));
	d->id = p->id;
	strscpy(d->prov, p->prov->name, sizeof(d->prov));
	strscpy(d->mod, p->mod, sizeof(d->mod));
	strscpy(d->func, p->func, sizeof(d->func));
	strscpy(d->name, p->name, sizeof(d->name));
}

/* The first clause enabled on a probe arms it; the last one disarms it. */
int dtrace_probe_enable(struct dtrace_probe *p)
{
	int ret;

	lockdep_assert_held(&dtrace_lock);
	if (p->nenabled++)
		return 0;
	ret = p->prov->pops->enable(p->prov->arg, p->id, p->parg);
	if (ret)
		p->nenabled--;
	return ret;
}

void dtrace_probe_disable(struct dtrace_probe *p)
{
	lockdep_assert_held(&dtrace_lock);
	if (WARN_ON_ONCE(!p->nenabled))
		return;
	if (!--p->nenabled)
		p->prov->pops->disable(p->prov->arg, p->id, p->parg);
}
