/*
 * The view a template renders: a small tree of strings, booleans,
 * lists and maps, in an arena.  Lookups by key come first in rendering
 * time, so keys carry their hash.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"
#include "tplops.h"

#define MAP_LINEAR	8	/* maps this small are scanned, not hashed */

/* FNV-1a: keys are short, and only equality is ever asked. */
uint32_t
tpl_hash(const char *s, size_t n)
{
	uint32_t	 h = 2166136261u;

	while (n-- > 0) {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h;
}

/*
 * The view.
 */

static const struct tval tv_null_v = { .type = TV_NULL };
static const struct tval tv_false_v = { .type = TV_FALSE };
static const struct tval tv_true_v = { .type = TV_TRUE };

const struct tval *
tv_null(void)
{
	return &tv_null_v;
}

const struct tval *
tv_bool(int b)
{
	return b ? &tv_true_v : &tv_false_v;
}

/* A string that is not copied: s must live as long as the view. */
struct tval *
tv_ref(struct arena *a, const char *s, size_t n)
{
	struct tval	*v = arena_calloc(a, 1, sizeof(*v));

	v->type = TV_STR;
	v->u.str.p = s;
	v->u.str.len = n;
	return v;
}

struct tval *
tv_strn(struct arena *a, const char *s, size_t n)
{
	return tv_ref(a, arena_strndup(a, s, n), n);
}

struct tval *
tv_str(struct arena *a, const char *s)
{
	return tv_strn(a, s, strlen(s));
}

struct tval *
tv_strf(struct arena *a, const char *fmt, ...)
{
	struct buf	 b = { 0 };
	struct tval	*v;
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	v = tv_strn(a, b.p != NULL ? b.p : "", b.len);
	buf_free(&b);
	return v;
}

struct tval *
tv_list(struct arena *a)
{
	struct tval	*v = arena_calloc(a, 1, sizeof(*v));

	v->type = TV_LIST;
	v->u.list.a = a;
	return v;
}

/*
 * Arrays in the arena grow by doubling; the old copy is left behind,
 * which costs at most as much again as the final array.
 */
void
tv_push(struct tval *l, const struct tval *v)
{
	const struct tval **nv;
	size_t		 cap;

	if (l == NULL || l->type != TV_LIST)
		return;
	if (l->u.list.n == l->u.list.cap) {
		cap = l->u.list.cap ? l->u.list.cap * 2 : 4;
		nv = arena_calloc(l->u.list.a, cap, sizeof(*nv));
		if (l->u.list.n > 0)
			memcpy(nv, l->u.list.v, l->u.list.n * sizeof(*nv));
		l->u.list.v = nv;
		l->u.list.cap = cap;
	}
	l->u.list.v[l->u.list.n++] = v != NULL ? v : &tv_null_v;
}

struct tval *
tv_map(struct arena *a)
{
	struct tval	*v = arena_calloc(a, 1, sizeof(*v));

	v->type = TV_MAP;
	v->u.map.a = a;
	return v;
}

/*
 * Small maps are scanned comparing the stored hashes first, which is
 * as fast as hashing for a handful of keys; past MAP_LINEAR keys an
 * open-addressing index keeps lookups O(1), since a page's view may
 * hold fifty keys and every tag looks in every map on the stack.
 */
size_t
tv_map_pos(const struct tval *m, const char *k, size_t n, uint32_t h)
{
	const struct tv_pair *p;
	size_t		 i, mask;
	uint32_t	 s;

	if (m->u.map.slot == NULL) {
		for (i = 0; i < m->u.map.n; i++) {
			p = &m->u.map.kv[i];
			if (p->hash == h && p->keylen == n &&
			    memcmp(p->key, k, n) == 0)
				return i;
		}
		return NOWHERE;
	}
	mask = m->u.map.nslot - 1;
	for (i = h & mask; (s = m->u.map.slot[i]) != 0; i = (i + 1) & mask) {
		p = &m->u.map.kv[s - 1];
		if (p->hash == h && p->keylen == n &&
		    memcmp(p->key, k, n) == 0)
			return s - 1;
	}
	return NOWHERE;
}

static void
map_slot(struct tval *m, size_t i)
{
	size_t	 mask = m->u.map.nslot - 1, j;

	for (j = m->u.map.kv[i].hash & mask; m->u.map.slot[j] != 0;
	    j = (j + 1) & mask)
		continue;
	m->u.map.slot[j] = (uint32_t)(i + 1);
}

static void
map_reindex(struct tval *m)
{
	size_t	 i, nslot = 32;

	while (nslot < m->u.map.n * 4)
		nslot *= 2;
	m->u.map.slot = arena_calloc(m->u.map.a, nslot, sizeof(uint32_t));
	m->u.map.nslot = nslot;
	for (i = 0; i < m->u.map.n; i++)
		map_slot(m, i);
}

/* Sets key to v, replacing an earlier value in place. */
void
tv_set(struct tval *m, const char *key, const struct tval *v)
{
	struct tv_pair	*kv;
	size_t		 n, i, cap;
	uint32_t	 h;

	if (m == NULL || m->type != TV_MAP)
		return;
	if (v == NULL)
		v = &tv_null_v;
	n = strlen(key);
	h = tpl_hash(key, n);
	if ((i = tv_map_pos(m, key, n, h)) != NOWHERE) {
		m->u.map.kv[i].val = v;
		return;
	}
	if (m->u.map.n == m->u.map.cap) {
		cap = m->u.map.cap ? m->u.map.cap * 2 : 8;
		kv = arena_calloc(m->u.map.a, cap, sizeof(*kv));
		if (m->u.map.n > 0)
			memcpy(kv, m->u.map.kv, m->u.map.n * sizeof(*kv));
		m->u.map.kv = kv;
		m->u.map.cap = cap;
	}
	i = m->u.map.n++;
	kv = &m->u.map.kv[i];
	kv->key = arena_strndup(m->u.map.a, key, n);
	kv->keylen = n;
	kv->hash = h;
	kv->val = v;
	if (m->u.map.n <= MAP_LINEAR)
		return;
	if (m->u.map.slot == NULL || m->u.map.n * 2 > m->u.map.nslot)
		map_reindex(m);
	else
		map_slot(m, i);
}

const struct tval *
tv_get(const struct tval *m, const char *key)
{
	size_t	 n, i;

	if (m == NULL || m->type != TV_MAP)
		return NULL;
	n = strlen(key);
	i = tv_map_pos(m, key, n, tpl_hash(key, n));
	return i == NOWHERE ? NULL : m->u.map.kv[i].val;
}

/*
 * The spec leaves the empty string to the host language; it is falsey
 * here (as in mustache.js) so {{#phone}}<a href="tel:…">{{/phone}}
 * writes no empty link.  "0" is a non-empty string and so truthy.
 */
int
tv_truthy(const struct tval *v)
{
	if (v == NULL)
		return 0;
	switch (v->type) {
	case TV_TRUE:
	case TV_MAP:
		return 1;
	case TV_STR:
		return v->u.str.len > 0;
	case TV_LIST:
		return v->u.list.n > 0;
	default:
		return 0;
	}
}
