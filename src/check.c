/*
 * The rules that span fields or files: references, unique ids, area
 * nesting, the arithmetic of funds and revenue, scores against weights,
 * and warnings about stale or ended data.  Runs after every file has
 * been walked into the model, and resolves references as it goes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scalar.h"
#include "format.h"
#include "gongshi.h"
#include "content.h"
#include "contacts.h"
#include "i18n.h"
#include "progress.h"
#include "rules.h"
#include "schema.h"
#include "sshkey.h"

/* A diagnostic at the place a value was written. */
void
at(struct ctx *c, const struct gs_pos *p, enum severity sev,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	diag_vadd(&c->diags, GS_FILE(p), p->line, p->col, sev, fmt, ap);
	va_end(ap);
}

const char *
key_of(struct ctx *c, const struct schema *root, const char *fmt, ...)
{
	struct buf	 path = { 0 }, name = { 0 };
	const char	*s;
	va_list		 ap;

	va_start(ap, fmt);
	buf_vprintf(&path, fmt, ap);
	va_end(ap);
	key_name(&name, root, path.p);
	s = arena_strdup(&c->arena, name.p);
	buf_free(&path);
	buf_free(&name);
	return s;
}

/* Where an area stands in areas.yaml: "districts[1].streets[2]". */
static const char *
area_path(struct ctx *c, const struct gs_area *a)
{
	static const char *const keys[] = { "districts", "streets",
		"communities" };
	const struct gs_list *l = a->parent != NULL ? &a->parent->children :
	    &c->content->districts;
	size_t	 i = (size_t)(a - (const struct gs_area *)l->v) + 1;

	if (a->parent == NULL)
		return arena_printf(&c->arena, "%s[%zu]", keys[a->level], i);
	return arena_printf(&c->arena, "%s.%s[%zu]", area_path(c, a->parent),
	    keys[a->level], i);
}

static int
cmp_area(const void *a, const void *b)
{
	return strcmp((*(struct gs_area *const *)a)->code.s,
	    (*(struct gs_area *const *)b)->code.s);
}

static void
collect_areas(struct ctx *c, struct gs_list *l, enum gs_level level,
    const struct gs_area *parent, struct gs_area ***all, size_t *n,
    size_t *cap)
{
	struct gs_area	*a;
	size_t		 i;

	for (i = 0; i < l->n; i++) {
		a = GS_AT(*l, struct gs_area, i);
		a->level = level;
		a->parent = parent;
		if (a->code.s == NULL)
			continue;
		if (parent != NULL && parent->code.s != NULL &&
		    strncmp(a->code.s, parent->code.s,
		    strlen(parent->code.s)) != 0 && parent->name.s != NULL)
			at(c, &a->code.pos, SEV_ERROR, "%s: '%s' does not "
			    "start with '%s', the code of %s, which it is "
			    "listed under", key_of(c, &schema_areas_file,
			    "%s.code", area_path(c, a)), a->code.s,
			    parent->code.s, parent->name.s);
		else if (parent != NULL && parent->code.s != NULL &&
		    strncmp(a->code.s, parent->code.s,
		    strlen(parent->code.s)) != 0)
			at(c, &a->code.pos, SEV_ERROR, "%s: '%s' does not "
			    "start with '%s', the code of the area it is "
			    "listed under", key_of(c, &schema_areas_file,
			    "%s.code", area_path(c, a)), a->code.s,
			    parent->code.s);
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*all = xrealloc(*all, *cap * sizeof(**all));
		}
		(*all)[(*n)++] = a;
		if (level < GS_COMMUNITY)
			collect_areas(c, &a->children, level + 1, a, all, n,
			    cap);
	}
}

static void
check_areas(struct ctx *c)
{
	struct gs_content *ct = c->content;
	struct gs_area	**all = NULL;
	size_t		 n = 0, cap = 0, i, j;

	collect_areas(c, &ct->districts, GS_DISTRICT, NULL, &all, &n, &cap);
	if (n > 1)
		qsort(all, n, sizeof(*all), cmp_area);
	/* Report each repeat once, at the later place in the file. */
	for (i = j = 0; i < n; i++) {
		if (j > 0 && strcmp(all[j - 1]->code.s, all[i]->code.s) == 0) {
			const struct gs_area *first = all[j - 1], *again = all[i];

			if (again->pos.line < first->pos.line)
				first = all[i], again = all[j - 1];
			at(c, &again->code.pos, SEV_ERROR, "%s: the area code "
			    "'%s' is used twice (first at line %u)",
			    key_of(c, &schema_areas_file, "%s.code",
			    area_path(c, again)), again->code.s,
			    first->code.pos.line);
			if (again == all[j - 1])
				all[j - 1] = all[i];
			continue;
		}
		all[j++] = all[i];
	}
	ct->areas = arena_alloc(&c->arena, (j ? j : 1) * sizeof(*ct->areas));
	if (j)
		memcpy(ct->areas, all, j * sizeof(*all));
	ct->nareas = j;
	free(all);
}

/* The area with this code, once the check has sorted them; or NULL. */
const struct gs_area *
find_area(const struct gs_content *ct, const char *code)
{
	struct gs_area	 key, *kp = &key, **found;

	key.code.s = code;
	found = bsearch(&kp, ct->areas, ct->nareas, sizeof(*ct->areas),
	    cmp_area);
	return found ? *found : NULL;
}

/*
 * The index in ct->compounds of the compound with this id, once the
 * check has sorted them (those without an id last); or SIZE_MAX.
 */
size_t
compound_index(const struct gs_content *ct, const char *id)
{
	size_t	 lo = 0, hi = id == NULL ? 0 : ct->ncompounds, mid;
	int	 r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = ct->compounds[mid]->id.s == NULL ? -1 :
		    strcmp(id, ct->compounds[mid]->id.s);
		if (r == 0)
			return mid;
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return SIZE_MAX;
}

/* Whether compound cp lies in the area with this code (or its own). */
int
in_area(const struct gs_compound *cp, const char *code)
{
	return cp->community.s != NULL &&
	    strncmp(cp->community.s, code, strlen(code)) == 0;
}

/* Whether cp lies in one of the n areas; in all of them when n is 0. */
int
in_areas(const struct gs_compound *cp, char *const *codes, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (in_area(cp, codes[i]))
			return 1;
	return n == 0;
}

static int
cmp_dept(const void *a, const void *b)
{
	const struct gs_department *x = *(struct gs_department *const *)a;
	const struct gs_department *y = *(struct gs_department *const *)b;
	int	 r = strcmp(x->id.s, y->id.s);

	return r ? r : (x->pos.line > y->pos.line) - (x->pos.line < y->pos.line);
}

/* Departments by id, for lookups; built by check_departments. */
struct dept_index {
	struct gs_department **v;
	size_t		 n;
};

static void
check_departments(struct ctx *c, struct dept_index *ix)
{
	struct gs_list	*l = &c->content->departments;
	struct gs_department *d;
	const struct gs_area *a;
	size_t		 i, j;

	ix->v = xcalloc(l->n ? l->n : 1, sizeof(*ix->v));
	for (i = 0; i < l->n; i++) {
		d = GS_AT(*l, struct gs_department, i);
		if (d->scope.s != NULL && c->areas_read) {
			if ((a = find_area(c->content, d->scope.s)) == NULL)
				at(c, &d->scope.pos, SEV_ERROR, "%s: area '%s' "
				    "is not in areas.yaml", key_of(c,
				    &schema_departments_file,
				    "departments[%zu].scope", i + 1),
				    d->scope.s);
			d->scope_area = a;
		}
		if (d->id.s != NULL)
			ix->v[ix->n++] = d;
	}
	if (ix->n > 1)
		qsort(ix->v, ix->n, sizeof(*ix->v), cmp_dept);
	for (i = j = 0; i < ix->n; i++) {
		if (j > 0 && strcmp(ix->v[j - 1]->id.s, ix->v[i]->id.s) == 0) {
			at(c, &ix->v[i]->id.pos, SEV_ERROR, "%s: the "
			    "department id '%s' is used twice (first at line "
			    "%u)", key_of(c, &schema_departments_file,
			    "departments[%zu].id", (size_t)(ix->v[i] -
			    (struct gs_department *)l->v) + 1),
			    ix->v[i]->id.s, ix->v[j - 1]->id.pos.line);
			continue;
		}
		ix->v[j++] = ix->v[i];
	}
	ix->n = j;
}

static const struct gs_department *
find_dept(const struct dept_index *ix, const char *id)
{
	size_t	 lo = 0, hi = ix->n, mid;
	int	 r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((r = strcmp(id, ix->v[mid]->id.s)) == 0)
			return ix->v[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static const char *
closest_dept(const struct dept_index *ix, const char *id)
{
	size_t	 i, d, best = 3;
	const char *found = NULL;

	for (i = 0; i < ix->n; i++)
		if ((d = edit_distance(id, ix->v[i]->id.s)) < best) {
			best = d;
			found = ix->v[i]->id.s;
		}
	return found;
}

static void
set_default(struct ctx *c, struct gs_val *v, int64_t hundredths)
{
	struct buf	 b = { 0 };

	format_value(&b, FT_DECIMAL, hundredths, "", FORM_MACHINE);
	v->s = arena_strdup(&c->arena, b.p);
	v->n = hundredths;
	buf_free(&b);
}

/* A threshold of site.yaml stale_days, or its default. */
static void
stale_default(struct gs_val *v, int64_t days)
{
	if (v->s == NULL)
		v->n = days;
}

/* site.yaml utc_offset, checked; absent means Beijing time. */
static void
check_offset(struct ctx *c, struct gs_val *v)
{
	int	 minutes = 8 * 60;

	if (v->s != NULL && parse_utc_offset(v->s, &minutes) == -1)
		at(c, &v->pos, SEV_ERROR, "%s: '%s' is not an offset from UTC "
		    "such as +08:00 (from -12:00 to +14:00)", key_of(c,
		    &schema_site, "utc_offset"), v->s);
	v->n = minutes;
}

static int
cmp_band(const void *a, const void *b)
{
	const struct gs_band *x = a, *y = b;

	if (x->min.n != y->min.n)
		return x->min.n > y->min.n ? -1 : 1;
	return (x->pos.line > y->pos.line) - (x->pos.line < y->pos.line);
}

static void
check_site(struct ctx *c)
{
	struct gs_site	*s = &c->content->site;
	struct gs_site_evaluation *e = &s->evaluation;
	struct gs_band	*b;
	static const struct { int64_t min; const char *label; } bands[] = {
		{ 8500, "自行整改" }, { 6000, "书面整改通知" }, { 0, "约谈整改" }
	};
	int64_t		 sum;
	size_t		 i;

	if (s->schema.s != NULL && s->schema.n != 1 && s->schema.n != 2)
		at(c, &s->schema.pos, SEV_ERROR, "%s: schema %s is not "
		    "supported; this gongshi reads schemas 1 and 2", key_of(c,
		    &schema_site, "schema"), s->schema.s);
	if (s->language.s == NULL)
		s->language.s = "zh-CN";
	check_offset(c, &s->utc_offset);
	stale_default(&s->stale_days.data, STALE_DATA_DAYS);
	stale_default(&s->stale_days.fund, STALE_FUND_DAYS);
	stale_default(&s->stale_days.revenue, STALE_REVENUE_DAYS);
	/* Evaluation defaults, as SCHEMA.md gives them. */
	if (e->weights.pos.fid == 0) {
		set_default(c, &e->weights.satisfaction, 4000);
		set_default(c, &e->weights.onsite, 3000);
		set_default(c, &e->weights.party, 3000);
	} else if (e->weights.satisfaction.s && e->weights.onsite.s &&
	    e->weights.party.s) {
		sum = e->weights.satisfaction.n + e->weights.onsite.n +
		    e->weights.party.n;
		if (sum != 10000) {
			struct buf	 text = { 0 };

			format_value(&text, FT_DECIMAL, sum, "", FORM_HUMAN);
			at(c, &e->weights.pos, SEV_WARNING, "%s add up to "
			    "%s, not 100", key_of(c, &schema_site,
			    "evaluation.weights"), text.p);
			buf_free(&text);
		}
	}
	if (e->bands.pos.fid == 0) {
		e->bands.v = b = arena_calloc(&c->arena, 3, sizeof(*b));
		e->bands.n = 3;
		for (i = 0; i < 3; i++) {
			set_default(c, &b[i].min, bands[i].min);
			b[i].label.s = bands[i].label;
		}
	} else if (e->bands.n > 0) {
		qsort(e->bands.v, e->bands.n, sizeof(struct gs_band), cmp_band);
		b = GS_AT(e->bands, struct gs_band, e->bands.n - 1);
		if (b->min.s != NULL && b->min.n > 0)
			at(c, &b->pos, SEV_WARNING, "%s: no band starts at 0, "
			    "so a total below %s gets no band", key_of(c,
			    &schema_site, "evaluation.bands"), b->min.s);
	}
}

static const struct gs_val *
pick_weight(const struct gs_scores *w, size_t i)
{
	return i == 0 ? &w->satisfaction : i == 1 ? &w->onsite : &w->party;
}

static void
check_compound_refs(struct ctx *c, struct gs_compound *cp,
    const struct dept_index *ix)
{
	const struct gs_area *a;
	struct gs_supervisor *s;
	const char	*hint;
	size_t		 i;

	if (cp->community.s != NULL && c->areas_read) {
		a = find_area(c->content, cp->community.s);
		if (a == NULL)
			at(c, &cp->community.pos, SEV_ERROR, "%s: area '%s' "
			    "is not in areas.yaml", key_of(c, &schema_compound,
			    "community"), cp->community.s);
		else if (a->level == GS_DISTRICT)
			at(c, &cp->community.pos, SEV_ERROR, "%s: '%s' (%s) is "
			    "a district, not a community; give the 12-digit "
			    "code of the community", key_of(c,
			    &schema_compound, "community"), cp->community.s,
			    a->name.s ? a->name.s : "?");
		else if (a->level == GS_STREET)
			at(c, &cp->community.pos, SEV_ERROR, "%s: '%s' (%s) is "
			    "a street, not a community; give the 12-digit "
			    "code of the community", key_of(c,
			    &schema_compound, "community"), cp->community.s,
			    a->name.s ? a->name.s : "?");
		else
			cp->community_area = a;
	}
	for (i = 0; i < cp->supervision.n; i++) {
		s = GS_AT(cp->supervision, struct gs_supervisor, i);
		if (s->ref.s == NULL || !c->departments_read)
			continue;
		if ((s->dept = find_dept(ix, s->ref.s)) != NULL)
			continue;
		if ((hint = closest_dept(ix, s->ref.s)) != NULL)
			at(c, &s->ref.pos, SEV_ERROR, "%s: department '%s' is "
			    "not in departments.yaml (did you mean '%s'?)",
			    key_of(c, &schema_compound, "supervision[%zu]",
			    i + 1), s->ref.s, hint);
		else
			at(c, &s->ref.pos, SEV_ERROR, "%s: department '%s' is "
			    "not in departments.yaml", key_of(c,
			    &schema_compound, "supervision[%zu]", i + 1),
			    s->ref.s);
	}
}

static void
check_compound(struct ctx *c, struct gs_compound *cp,
    const struct dept_index *ix)
{
	const struct gs_scores *w = &c->content->site.evaluation.weights;
	const struct gs_val *score, *weight;
	enum gs_management mgmt = GS_MANAGED;
	size_t		 i;
	static const char *const score_keys[] = { "satisfaction", "onsite",
		"party" };

	if (cp->schema.s != NULL && cp->schema.n != 1 && cp->schema.n != 2)
		at(c, &cp->schema.pos, SEV_ERROR, "%s: schema %s is not "
		    "supported; this gongshi reads schemas 1 and 2", key_of(c,
		    &schema_compound, "schema"), cp->schema.s);
	if (GS_HAS(&cp->profile.management))
		mgmt = (enum gs_management)cp->profile.management.n;
	if (mgmt != GS_SELF_MANAGED && cp->provider.pos.fid == 0)
		at(c, &cp->pos, SEV_ERROR, "missing required key %s: only a "
		    "compound whose %s is 业主自管 may leave it out", key_of(c,
		    &schema_compound, "provider"), key_of(c, &schema_compound,
		    "profile.management"));
	if (mgmt != GS_SELF_MANAGED && cp->fees.n == 0 &&
	    !cp->fees.pos.undisclosed && cp->fees.pos.fid != 0)
		at(c, &cp->fees.pos, SEV_ERROR, "%s is empty: list at least "
		    "one fee; only a compound whose %s is 业主自管 may have "
		    "none", key_of(c, &schema_compound, "fees"), key_of(c,
		    &schema_compound, "profile.management"));
	else if (mgmt != GS_SELF_MANAGED && cp->fees.n == 0 &&
	    !cp->fees.pos.undisclosed)
		at(c, &cp->pos, SEV_ERROR, "missing required key %s: list at "
		    "least one fee; only a compound whose %s is 业主自管 may "
		    "have none", key_of(c, &schema_compound, "fees"),
		    key_of(c, &schema_compound, "profile.management"));
	if (GS_HAS(&cp->owners_committee.status) &&
	    cp->owners_committee.status.n == GS_COMMITTEE &&
	    cp->owners_committee.term.pos.fid == 0)
		at(c, &cp->owners_committee.pos, SEV_ERROR, "missing required "
		    "key %s: required when %s is 已成立", key_of(c,
		    &schema_compound, "owners_committee.term"), key_of(c,
		    &schema_compound, "owners_committee.status"));

	check_compound_refs(c, cp, ix);
	record_rules(c, cp);

	for (i = 0; i < 3 && cp->evaluation.pos.fid != 0; i++) {
		score = pick_weight(&cp->evaluation, i);
		weight = pick_weight(w, i);
		if (score->s != NULL && weight->s != NULL &&
		    score->n > weight->n)
			at(c, &score->pos, SEV_ERROR, "%s: the score %s is "
			    "more than its weight %s in site.yaml", key_of(c,
			    &schema_compound, "evaluation.%s", score_keys[i]),
			    score->s, weight->s);
	}
}

static int
cmp_compound(const void *a, const void *b)
{
	const struct gs_compound *x = *(struct gs_compound *const *)a;
	const struct gs_compound *y = *(struct gs_compound *const *)b;
	int	 r;

	/* Those without a valid id go last, by path. */
	if ((x->id.s == NULL) != (y->id.s == NULL))
		return x->id.s == NULL ? 1 : -1;
	if (x->id.s != NULL && (r = strcmp(x->id.s, y->id.s)) != 0)
		return r;
	return strcmp(x->path, y->path);
}

/* The first two words of a key line, which name the key. */
static size_t
key_words(const char *s)
{
	const char	*sp = strchr(s, ' ');

	if (sp == NULL)
		return strlen(s);
	sp = strchr(sp + 1, ' ');
	return sp ? (size_t)(sp - s) : strlen(s);
}

/* Whether the compound record has a top-level key of this name. */
static int
is_section(const char *key)
{
	const struct field *f;

	for (f = schema_compound.fields; f->key != NULL; f++)
		if (strcmp(f->key, key) == 0)
			return 1;
	return 0;
}

/* A key already seen, for keys listed twice (even by two parties). */
struct seen_key {
	const char	*s;
	size_t		 n;
	const struct gs_party *party;
	unsigned	 line;
};

static void
check_party_keys(struct ctx *c, const struct gs_party *p, size_t pi,
    struct seen_key **seen, size_t *nseen)
{
	const struct gs_val *k;
	const char	*why;
	size_t		 i, j, n;

	for (i = 0; i < p->keys.n; i++) {
		k = GS_AT(p->keys, struct gs_val, i);
		if (k->s == NULL)
			continue;
		if ((why = sshkey_check(k->s, strlen(k->s))) != NULL) {
			at(c, &k->pos, SEV_ERROR, "%s: not an OpenSSH public "
			    "key: %s", key_of(c, &schema_parties_file,
			    "parties[%zu].keys[%zu]", pi + 1, i + 1), _(why));
			continue;
		}
		n = key_words(k->s);
		for (j = 0; j < *nseen; j++)
			if ((*seen)[j].n == n &&
			    memcmp((*seen)[j].s, k->s, n) == 0)
				break;
		if (j < *nseen) {
			at(c, &k->pos, SEV_ERROR, "%s: this key is listed "
			    "twice (first at line %u, for '%s'); a key must "
			    "name one party", key_of(c, &schema_parties_file,
			    "parties[%zu].keys[%zu]", pi + 1, i + 1),
			    (*seen)[j].line, (*seen)[j].party->id.s ?
			    (*seen)[j].party->id.s : "");
			continue;
		}
		*seen = xrealloc(*seen, (*nseen + 1) * sizeof(**seen));
		(*seen)[(*nseen)++] = (struct seen_key){ k->s, n, p,
		    k->pos.line };
	}
}

/* What a party may change: compounds, areas and sections that exist. */
static void
check_party_scope(struct ctx *c, const struct gs_party *p, size_t pi)
{
	const struct gs_val *v;
	size_t		 i;

	for (i = 0; i < p->compounds.n; i++) {
		v = GS_AT(p->compounds, struct gs_val, i);
		if (v->s != NULL && compound_index(c->content, v->s) ==
		    SIZE_MAX)
			at(c, &v->pos, SEV_ERROR, "%s: there is no compound "
			    "'%s' under content/compounds/", key_of(c,
			    &schema_parties_file, "parties[%zu].compounds[%zu]",
			    pi + 1, i + 1), v->s);
	}
	for (i = 0; i < p->areas.n && c->areas_read; i++) {
		v = GS_AT(p->areas, struct gs_val, i);
		if (v->s != NULL && find_area(c->content, v->s) == NULL)
			at(c, &v->pos, SEV_ERROR, "%s: area '%s' is not in "
			    "areas.yaml", key_of(c, &schema_parties_file,
			    "parties[%zu].areas[%zu]", pi + 1, i + 1), v->s);
	}
	for (i = 0; i < p->sections.n; i++) {
		v = GS_AT(p->sections, struct gs_val, i);
		if (v->s != NULL && !is_section(v->s))
			at(c, &v->pos, SEV_ERROR, "%s: '%s' is not a section "
			    "of a compound record (a top-level key such as "
			    "fees or owners_committee)", key_of(c,
			    &schema_parties_file, "parties[%zu].sections[%zu]",
			    pi + 1, i + 1), v->s);
	}
	if (p->compounds.pos.line == 0 && p->areas.pos.line == 0 &&
	    p->kind.s != NULL && p->kind.n != GS_PARTY_CITY &&
	    p->kind.n != GS_PARTY_DISTRICT)
		at(c, &p->pos, SEV_ERROR, "%s: a party of kind %s must say "
		    "what it may change, with compounds or areas; only 市 "
		    "and 区县 parties may change every compound", key_of(c,
		    &schema_parties_file, "parties[%zu]", pi + 1), p->kind.s);
}

static int
cmp_party(const void *a, const void *b)
{
	const struct gs_party *x = *(struct gs_party *const *)a;
	const struct gs_party *y = *(struct gs_party *const *)b;
	int	 r = strcmp(x->id.s, y->id.s);

	return r ? r : (x->pos.line > y->pos.line) - (x->pos.line < y->pos.line);
}

/* parties.yaml, when there: after the compounds are sorted by id. */
static void
check_parties(struct ctx *c)
{
	struct gs_list	*l = &c->content->parties;
	struct gs_party	*p, **v;
	struct seen_key	*seen = NULL;
	size_t		 i, n = 0, nseen = 0;

	if (!c->parties_read)
		return;
	v = xcalloc(l->n ? l->n : 1, sizeof(*v));
	for (i = 0; i < l->n; i++) {
		p = GS_AT(*l, struct gs_party, i);
		check_party_keys(c, p, i, &seen, &nseen);
		check_party_scope(c, p, i);
		if (p->id.s != NULL)
			v[n++] = p;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_party);
	for (i = 1; i < n; i++)
		if (strcmp(v[i - 1]->id.s, v[i]->id.s) == 0)
			at(c, &v[i]->id.pos, SEV_ERROR, "%s: the party id "
			    "'%s' is used twice (first at line %u)", key_of(c,
			    &schema_parties_file, "parties[%zu].id",
			    (size_t)(v[i] - (struct gs_party *)l->v) + 1),
			    v[i]->id.s, v[i - 1]->id.pos.line);
	free(v);
	free(seen);
}

static int
cmp_page(const void *a, const void *b)
{
	const struct gs_page *x = *(struct gs_page *const *)a;
	const struct gs_page *y = *(struct gs_page *const *)b;
	int64_t	 ox = x->order.s ? x->order.n : INT64_MAX;
	int64_t	 oy = y->order.s ? y->order.n : INT64_MAX;

	if (ox != oy)
		return ox < oy ? -1 : 1;
	return strcmp(x->name, y->name);
}

/*
 * A personal mobile in a record: the public history must never hold
 * one (contacts.c).  In a tree about to be committed or accepted by the
 * central repository, each is refused at its place.  Checking the disk,
 * the clerk is told that publish will move them into the private
 * contact book: once a file, at its first, with how many more, since a
 * street's first records hold hundreds and a note each would bury the
 * errors and warnings.
 */
struct mobiles {
	struct ctx	*c;
	struct mobile_file {
		const struct gs_val *first;	/* by place in the file */
		size_t		 n;
	}		*v;
	size_t		 n, cap;
};

static int
pos_before(const struct gs_pos *a, const struct gs_pos *b)
{
	return a->line != b->line ? a->line < b->line : a->col < b->col;
}

static void
personal_phone(struct gs_val *v, void *arg)
{
	struct mobiles	*m = arg;
	struct mobile_file *f;

	if (!is_mobile(v->s))
		return;
	if (m->c->phones == PHONES_REFUSE) {
		at(m->c, &v->pos, SEV_ERROR, "the personal mobile number %s "
		    "must not enter the public history: publish with gongshi, "
		    "which moves it into the private contact book %s and "
		    "writes its seal (私密-…) here", v->s, BOOK_FILE);
		return;
	}
	/* A file's values are visited together (content_phones walks
	 * record by record): only the last file can be this one. */
	if (m->n > 0 && m->v[m->n - 1].first->pos.fid == v->pos.fid)
		f = &m->v[m->n - 1];
	else {
		if (m->n == m->cap) {
			m->cap = m->cap ? m->cap * 2 : 64;
			m->v = xrealloc(m->v, m->cap * sizeof(*m->v));
		}
		f = &m->v[m->n++];
		f->first = v;
		f->n = 0;
	}
	if (pos_before(&v->pos, &f->first->pos))
		f->first = v;
	f->n++;
}

static void
personal_phones(struct ctx *c)
{
	struct mobiles	 m = { c, NULL, 0, 0 };
	size_t		 i;

	content_phones(c->content, personal_phone, &m);
	for (i = 0; i < m.n; i++) {
		const struct gs_val *v = m.v[i].first;

		if (m.v[i].n == 1)
			at(c, &v->pos, SEV_NOTE, "%s is a personal mobile "
			    "number: publish moves it into the private contact "
			    "book %s and writes its seal (私密-…) here; the site "
			    "and boards still show the number", v->s,
			    BOOK_FILE);
		else
			at(c, &v->pos, SEV_NOTE, "%s is a personal mobile "
			    "number, and this file has %zu more: publish moves "
			    "them into the private contact book %s and writes "
			    "their seals (私密-…) here; the site and boards "
			    "still show the numbers", v->s, m.v[i].n - 1,
			    BOOK_FILE);
	}
	free(m.v);
}

void
content_check(struct ctx *c)
{
	struct gs_content *ct = c->content;
	struct dept_index ix = { 0 };
	struct gs_compound *cp, *prev;
	struct progress	 p;
	size_t		 i;

	check_site(c);
	check_areas(c);
	check_departments(c, &ix);
	if (ct->ncompounds > 1)
		qsort(ct->compounds, ct->ncompounds, sizeof(*ct->compounds),
		    cmp_compound);
	progress_begin(&p, _("checking records"), PROGRESS_COMPOUNDS,
	    ct->ncompounds);
	for (i = 0; i < ct->ncompounds; i++) {
		cp = ct->compounds[i];
		prev = i > 0 ? ct->compounds[i - 1] : NULL;
		if (prev != NULL && cp->id.s != NULL && prev->id.s != NULL &&
		    strcmp(prev->id.s, cp->id.s) == 0)
			at(c, &cp->id.pos, SEV_ERROR, "%s: the compound id "
			    "'%s' is used twice: %s:%u:%u has it too",
			    key_of(c, &schema_compound, "id"), cp->id.s,
			    GS_FILE(&prev->id.pos), (unsigned)prev->id.pos.line,
			    (unsigned)prev->id.pos.col);
		check_compound(c, cp, &ix);
		progress_step(&p, 1);
	}
	progress_end(&p);
	if (c->phones != PHONES_QUIET)
		personal_phones(c);
	check_parties(c);
	if (ct->npages > 1)
		qsort(ct->pages, ct->npages, sizeof(*ct->pages), cmp_page);
	free(ix.v);
}
