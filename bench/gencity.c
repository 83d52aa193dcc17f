/*
 * gencity: write a synthetic but valid city for benchmarks.
 *
 *	gencity [-n N] [-s SEED] [-S STREETS] OUTDIR
 *
 * Writes OUTDIR/content/ following the record contract (SCHEMA.md):
 * site.yaml, areas.yaml, departments.yaml, pages/about.md and N compound
 * records (default 10000) under compounds/DISTRICT/ID.yaml.  The area tree
 * is sized for N: up to ten districts (more past 5,000 streets), about ten
 * streets a district, ten communities a street and ten compounds a
 * community; -S puts the communities in that many streets instead (-n 200
 * -S 1: one street of 200 compounds, as bench/run.sh prints boards of).
 * OUTDIR/content must not exist yet, so a run never mixes with
 * an older city.
 *
 * Output depends only on -n and -s: every compound draws from its own
 * random stream, all arithmetic is on integers (money in fen, areas in
 * hundredths of a square metre) and nothing reads the clock or locale.
 * Phones are placeholders (1380000NNNN, 0531-0000NNNN).  Dates are
 * relative to a fixed TODAY (2026-11-27): data_as_of within the two
 * months before it, fund statements within the year before it, contracts
 * and committee terms running past it; check the city with
 * `gongshi check --today 2026-11-27` for results that do not drift.
 *
 * Only libc; exits 1 with a message on any I/O error, 2 on bad usage.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define MAXPATH		4096
#define MAXN		1000000

/* "Today" for the synthetic data: what was recorded happened on or
 * before it; contracts and committee terms end after it. */
#define TODAY_Y		2026
#define TODAY_M		11
#define TODAY_D		27

/* A hanzi syllable and its pinyin; every pinyin is distinct. */
struct syl {
	const char	*han;
	const char	*pin;
};

static const struct syl syls[64] = {
	{"和", "he"}, {"平", "ping"}, {"新", "xin"}, {"华", "hua"},
	{"阳", "yang"}, {"光", "guang"}, {"明", "ming"}, {"东", "dong"},
	{"西", "xi"}, {"南", "nan"}, {"北", "bei"}, {"山", "shan"},
	{"水", "shui"}, {"泉", "quan"}, {"城", "cheng"}, {"金", "jin"},
	{"玉", "yu"}, {"春", "chun"}, {"秋", "qiu"}, {"福", "fu"},
	{"安", "an"}, {"康", "kang"}, {"乐", "le"}, {"兴", "xing"},
	{"盛", "sheng"}, {"龙", "long"}, {"凤", "feng"}, {"祥", "xiang"},
	{"瑞", "rui"}, {"秀", "xiu"}, {"翠", "cui"}, {"柳", "liu"},
	{"林", "lin"}, {"湖", "hu"}, {"海", "hai"}, {"天", "tian"},
	{"云", "yun"}, {"紫", "zi"}, {"青", "qing"}, {"文", "wen"},
	{"德", "de"}, {"仁", "ren"}, {"嘉", "jia"}, {"泰", "tai"},
	{"润", "run"}, {"雅", "ya"}, {"景", "jing"}, {"悦", "yue"},
	{"宁", "ning"}, {"松", "song"}, {"竹", "zhu"}, {"梅", "mei"},
	{"兰", "lan"}, {"桂", "gui"}, {"银", "yin"}, {"舜", "shun"},
	{"历", "li"}, {"槐", "huai"}, {"章", "zhang"}, {"济", "ji"},
	{"莱", "lai"}, {"宝", "bao"}, {"虹", "hong"}, {"凯", "kai"},
};

static const struct syl csuffix[] = {
	{"花园", "huayuan"}, {"小区", "xiaoqu"}, {"新村", "xincun"},
	{"家园", "jiayuan"}, {"苑", "yuan"}, {"公寓", "gongyu"},
	{"华府", "huafu"}, {"名都", "mingdu"}, {"雅居", "yaju"},
	{"宿舍", "sushe"}, {"山庄", "shanzhuang"}, {"佳苑", "jiayuan"},
	{"庄园", "zhuangyuan"}, {"里", "li"}, {"府", "fu"}, {"小区", "xiaoqu"},
};

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
	"徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
	"梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧",
	"程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕",
};

static const char *const given[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
	"勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞", "平",
	"刚", "桂", "英", "华", "玉", "兰", "建", "国", "红", "文",
	"志", "海", "燕", "斌", "鹏", "辉", "玲", "鑫", "宇", "浩",
};

static const char *const roadsfx[] = { "路", "路", "路", "街", "大街" };

static const char *const csystems[][2] = {
	{"电梯", "电梯工程有限公司"},
	{"消防", "消防工程有限公司"},
	{"二次供水", "供水设备有限公司"},
	{"化粪池清掏", "环境卫生服务有限公司"},
	{"智能门禁", "智能科技有限公司"},
	{"绿化养护", "园林绿化有限公司"},
};

static const char *const services[][2] = {
	{"秩序维护", "门岗24小时值守，每日巡逻不少于4次"},
	{"保洁服务", "公共区域每日清扫一次，楼道每周拖洗两次"},
	{"绿化养护", "草坪修剪每年不少于5次，病虫害及时防治"},
	{"设施设备维护", "电梯、二次供水、消防设施按规定维保"},
	{"客户服务", "服务中心工作日8时30分至17时30分对外办公"},
	{"垃圾分类", "设置四分类投放点，每日清运两次"},
};

static const char *const rsources[] = {
	"电梯广告", "道闸广告", "地面停车位", "快递柜场地",
	"充电桩场地", "通信基站场地", "自动售货机场地",
};

static const char *const ruses[] = {
	"补充专项维修资金", "业主委员会工作经费", "公共设施维修",
	"小区绿化补植", "业主活动支出",
};

static const char *const drawprojects[] = {
	"号楼屋面防水维修", "号楼电梯更新改造", "号楼外墙保温修缮",
	"号楼单元门禁更换", "号楼主排水管网维修",
};

static const char *const approvals[] = {
	"业主表决通过", "双三分之二表决通过", "应急使用",
};

static const char *const decisions[] = {
	"同意使用专项维修资金维修屋面",
	"通过小区停车管理方案",
	"同意公开选聘物业服务企业",
	"通过共有部分经营收益使用方案",
	"同意增设电动自行车集中充电设施",
	"通过管理规约修订草案",
};

/* A fee: what, its unit and its range in fen. */
struct feedef {
	const char	*item;
	const char	*unit;
	int		 lo, hi;
};

static const struct feedef fees[] = {
	{"物业服务费", "元/平方米·月", 45, 280},
	{"电梯运行维护费", "元/平方米·月", 10, 45},
	{"地面停车服务费", "元/车位·月", 6000, 20000},
	{"地下车位物业服务费", "元/车位·月", 3000, 8000},
	{"装修垃圾清运费", "元/户·次", 20000, 80000},
	{"二次供水加压费", "元/立方米", 20, 60},
};

struct district {
	char	 code[8];
	char	 name[32];
	char	 slug[32];
	size_t	 s0, ns;	/* its streets */
};

struct street {
	char	 code[12];
	char	 base[16];	/* name without 街道 */
	char	 dept[64];	/* id of a street-scoped department, or "" */
	size_t	 d;		/* its district */
	size_t	 c0, nc;	/* its communities */
};

struct community {
	char	 code[16];
	char	 name[32];
	size_t	 s;		/* its street */
};

struct provider {
	char	 name[96];
	char	 uscc[20];
	char	 party[96];	/* party organisation, or "" */
	unsigned complaint;	/* NNNN of its complaint line */
};

/* A growable output buffer; one file is built in it, then written. */
struct out {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

struct rng {
	uint64_t s;
};

/* Independent random streams, so each part is stable on its own. */
enum stream {
	STREAM_PROVIDERS = 1,
	STREAM_DEPARTMENTS,
	STREAM_COMPOUNDS
};

struct city {
	uint64_t	  seed;
	size_t		  n;
	struct district	 *d;
	size_t		  nd;
	struct street	 *s;
	size_t		  ns;
	size_t		  want_ns;	/* -S, or 0: sized for n */
	struct community *c;
	size_t		  nc;
	struct provider	 *p;
	size_t		  np;
	char		  root[MAXPATH];	/* OUTDIR/content */
	struct out	  o;
};

static void	usage(void);

static void *
xrealloc(void *p, size_t sz)
{
	void	*q;

	if ((q = realloc(p, sz)) == NULL) {
		fprintf(stderr, "gencity: out of memory\n");
		exit(1);
	}
	return q;
}

static void *
xcalloc(size_t n, size_t sz)
{
	void	*q;

	if ((q = calloc(n, sz)) == NULL) {
		fprintf(stderr, "gencity: out of memory\n");
		exit(1);
	}
	return q;
}

static void
out_put(struct out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		while (o->len + n + 1 > o->cap)
			o->cap = o->cap ? o->cap * 2 : 8192;
		o->p = xrealloc(o->p, o->cap);
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void
out_puts(struct out *o, const char *s)
{
	out_put(o, s, strlen(s));
}

static void PRINTF_LIKE(2, 3)
out_printf(struct out *o, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	if (o->p == NULL) {
		o->cap = 8192;
		o->p = xrealloc(NULL, o->cap);
	}
	va_start(ap, fmt);
	n = vsnprintf(o->p + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fprintf(stderr, "gencity: vsnprintf failed\n");
		exit(1);
	}
	if ((size_t)n >= o->cap - o->len) {
		while (o->len + (size_t)n + 1 > o->cap)
			o->cap = o->cap ? o->cap * 2 : 8192;
		o->p = xrealloc(o->p, o->cap);
		va_start(ap, fmt);
		(void)vsnprintf(o->p + o->len, o->cap - o->len, fmt, ap);
		va_end(ap);
	}
	o->len += (size_t)n;
}

/* splitmix64: small, fast and good enough for synthetic names. */
static uint64_t
rng_next(struct rng *r)
{
	uint64_t z;

	z = (r->s += UINT64_C(0x9E3779B97F4A7C15));
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Stream "stream", element "idx": independent of how many came before. */
static void
rng_init(struct rng *r, uint64_t seed, enum stream stream, uint64_t idx)
{
	r->s = seed ^ ((uint64_t)stream * UINT64_C(0xD1B54A32D192ED03));
	r->s += idx * UINT64_C(0x9E3779B97F4A7C15);
	(void)rng_next(r);
}

/* Uniform in [0, n), n > 0. */
static unsigned
rng_below(struct rng *r, unsigned n)
{
	return (unsigned)(((rng_next(r) >> 32) * n) >> 32);
}

/* Uniform in [lo, hi]. */
static long
rng_range(struct rng *r, long lo, long hi)
{
	return lo + (long)rng_below(r, (unsigned)(hi - lo + 1));
}

static int
rng_pct(struct rng *r, unsigned pct)
{
	return rng_below(r, 100) < pct;
}

/* Days since 1970-01-01 (H. Hinnant's algorithm); Feb 29 of a common
 * year counts as Mar 1. */
static long
days_from_civil(int y, int m, int d)
{
	long	 era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153u * (unsigned)(m > 2 ? m - 3 : m + 9) + 2) / 5 +
	    (unsigned)d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void
civil_from_days(long z, int *y, int *m, int *d)
{
	long	 era, yy;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = (long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

/* The day before the same date n years later: a term of n years. */
static long
term_end(long start, int years)
{
	int	 y, m, d;

	civil_from_days(start, &y, &m, &d);
	return days_from_civil(y + years, m, d) - 1;
}

static void
put_date(struct out *o, long days)
{
	int	 y, m, d;

	civil_from_days(days, &y, &m, &d);
	out_printf(o, "%04d-%02d-%02d", y, m, d);
}

/* Money: integer fen as yuan with two decimals. */
static void
put_money(struct out *o, int64_t fen)
{
	out_printf(o, "%lld.%02lld", (long long)(fen / 100),
	    (long long)(fen % 100));
}

/* A decimal kept in hundredths, without needless trailing zeros. */
static void
put_dec(struct out *o, int64_t centi)
{
	long long ip = (long long)(centi / 100), fp = (long long)(centi % 100);

	if (fp == 0)
		out_printf(o, "%lld", ip);
	else if (fp % 10 == 0)
		out_printf(o, "%lld.%lld", ip, fp / 10);
	else
		out_printf(o, "%lld.%02lld", ip, fp);
}

/* snprintf into a buffer sized for the job: truncation is a bug here. */
static void PRINTF_LIKE(3, 4)
sfmt(char *buf, size_t sz, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sz, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sz) {
		fprintf(stderr, "gencity: internal error: \"%s\" truncated\n",
		    buf);
		exit(1);
	}
}

static void
put_mobile(struct out *o, struct rng *r)
{
	out_printf(o, "1380000%04u", rng_below(r, 10000));
}

static void
put_landline(struct out *o, unsigned nnnn)
{
	out_printf(o, "0531-0000%04u", nnnn % 10000);
}

static void
person(char *buf, size_t sz, struct rng *r)
{
	const char *g2 = rng_pct(r, 65) ? given[rng_below(r, NELEM(given))] : "";

	sfmt(buf, sz, "%s%s%s", surnames[rng_below(r, NELEM(surnames))],
	    given[rng_below(r, NELEM(given))], g2);
}

/* Syllables a and b (mod 64) as hanzi or as pinyin; never one twice. */
static void
name2(char *buf, size_t sz, unsigned a, unsigned b, int pinyin)
{
	a %= NELEM(syls);
	b %= NELEM(syls);
	if (a == b)
		b = (b + 1) % NELEM(syls);
	if (pinyin)
		sfmt(buf, sz, "%s%s", syls[a].pin, syls[b].pin);
	else
		sfmt(buf, sz, "%s%s", syls[a].han, syls[b].han);
}

/*
 * A unified social credit code (GB 32100-2015): registration authority
 * and type, the 6-digit area, a 9-character organisation code (8 digits
 * and its GB 11714 check) and the check character over the first 17.
 */
static void
make_uscc(char *buf, const char *kind, const char *area, struct rng *r)
{
	static const char cs[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int w11714[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	int	 i, sum, c, w;

	memcpy(buf, kind, 2);
	memcpy(buf + 2, area, 6);
	sum = 0;
	for (i = 0; i < 8; i++) {
		c = (int)rng_below(r, 10);
		buf[8 + i] = (char)('0' + c);
		sum += c * w11714[i];
	}
	c = 11 - sum % 11;
	buf[16] = c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
	sum = 0;
	w = 1;
	for (i = 0; i < 17; i++) {
		sum += (int)(strchr(cs, buf[i]) - cs) * w;
		w = w * 3 % 31;
	}
	buf[17] = cs[(31 - sum % 31) % 31];
	buf[18] = '\0';
}

static int
mkdir_ok(const char *path, int exist_ok)
{
	if (mkdir(path, 0777) == 0 || (exist_ok && errno == EEXIST))
		return 0;
	fprintf(stderr, "gencity: %s: %s\n", path, strerror(errno));
	return -1;
}

/* Write the buffer to root/rel and empty it. */
static int
flush_file(struct city *cy, const char *rel)
{
	char	 path[MAXPATH];
	FILE	*f;
	int	 n;

	n = snprintf(path, sizeof(path), "%s/%s", cy->root, rel);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		fprintf(stderr, "gencity: %s/%s: path too long\n",
		    cy->root, rel);
		return -1;
	}
	if ((f = fopen(path, "wb")) == NULL) {
		fprintf(stderr, "gencity: %s: %s\n", path, strerror(errno));
		return -1;
	}
	/* Unbuffered: the whole file goes out in one write(2). */
	setvbuf(f, NULL, _IONBF, 0);
	if (fwrite(cy->o.p, 1, cy->o.len, f) != cy->o.len) {
		fprintf(stderr, "gencity: %s: %s\n", path, strerror(errno));
		fclose(f);
		return -1;
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "gencity: %s: %s\n", path, strerror(errno));
		return -1;
	}
	cy->o.len = 0;
	return 0;
}

/* Size the area tree for n compounds and name everything in it. */
static void
plan_areas(struct city *cy)
{
	struct rng	 r;
	size_t		 i, j, k;

	cy->nc = (cy->n + 5) / 10;
	if (cy->nc == 0)
		cy->nc = 1;
	cy->ns = cy->want_ns > 0 ? cy->want_ns : (cy->nc + 5) / 10;
	if (cy->ns > cy->nc)
		cy->ns = cy->nc;
	if (cy->ns == 0)
		cy->ns = 1;
	cy->nd = cy->ns < 10 ? cy->ns : 10;
	if (cy->nd < (cy->ns + 499) / 500)
		cy->nd = (cy->ns + 499) / 500;
	cy->d = xcalloc(cy->nd, sizeof(*cy->d));
	cy->s = xcalloc(cy->ns, sizeof(*cy->s));
	cy->c = xcalloc(cy->nc, sizeof(*cy->c));

	for (i = 0; i < cy->nd; i++) {
		struct district *d = &cy->d[i];

		/* 370101..370199, then 370201.., as many as are needed. */
		sfmt(d->code, sizeof(d->code), "%06lu",
		    370100ul + (unsigned long)(i / 99) * 100 + i % 99 + 1);
		/* i*3 walks all 64 syllables before repeating: unique slugs. */
		name2(d->name, sizeof(d->name), (unsigned)(i * 3 + 1),
		    (unsigned)(i * 7 + 10), 0);
		strcat(d->name, "区");
		name2(d->slug, sizeof(d->slug), (unsigned)(i * 3 + 1),
		    (unsigned)(i * 7 + 10), 1);
		if (i >= 64)
			sfmt(d->slug + strlen(d->slug),
			    sizeof(d->slug) - strlen(d->slug), "%zu", i);
		d->s0 = i * cy->ns / cy->nd;
		d->ns = (i + 1) * cy->ns / cy->nd - d->s0;
		for (j = 0; j < d->ns; j++) {
			struct street *s = &cy->s[d->s0 + j];
			char	 pin[32];

			s->d = i;
			sfmt(s->code, sizeof(s->code), "%s%03zu",
			    d->code, j + 1);
			name2(s->base, sizeof(s->base), (unsigned)(j * 5 + i),
			    (unsigned)(j + i * 11 + 30), 0);
			/* The first two streets of a district have a
			 * street-scoped department. */
			if (j < 2) {
				name2(pin, sizeof(pin), (unsigned)(j * 5 + i),
				    (unsigned)(j + i * 11 + 30), 1);
				sfmt(s->dept, sizeof(s->dept),
				    "%s-%s-wuyeban", d->slug, pin);
			}
		}
	}
	for (i = 0; i < cy->ns; i++) {
		struct street *s = &cy->s[i];

		s->c0 = i * cy->nc / cy->ns;
		s->nc = (i + 1) * cy->nc / cy->ns - s->c0;
		for (j = 0; j < s->nc; j++) {
			struct community *c = &cy->c[s->c0 + j];

			c->s = i;
			sfmt(c->code, sizeof(c->code), "%s%03zu",
			    s->code, j + 1);
			k = s->c0 + j;
			name2(c->name, sizeof(c->name), (unsigned)k,
			    (unsigned)(k / 64 + k * 7 + 3), 0);
			strcat(c->name, "社区");
		}
	}

	/* Companies serve about 25 compounds each. */
	cy->np = cy->n / 25 < 3 ? 3 : cy->n / 25;
	cy->p = xcalloc(cy->np, sizeof(*cy->p));
	for (i = 0; i < cy->np; i++) {
		struct provider *p = &cy->p[i];
		char	 nm[32];
		static const char *const kinds[] = {
			"物业服务有限公司", "物业管理有限公司",
			"物业服务集团有限公司", "物业服务有限责任公司",
		};

		rng_init(&r, cy->seed, STREAM_PROVIDERS, i);
		name2(nm, sizeof(nm), rng_below(&r, 64), rng_below(&r, 64), 0);
		sfmt(p->name, sizeof(p->name), "济南%s%s", nm,
		    kinds[rng_below(&r, NELEM(kinds))]);
		make_uscc(p->uscc, "91",
		    cy->d[rng_below(&r, (unsigned)cy->nd)].code, &r);
		if (rng_pct(&r, 70))
			sfmt(p->party, sizeof(p->party), "%s%s党支部", nm,
			    rng_pct(&r, 50) ? "物业" : "物业联合");
		p->complaint = rng_below(&r, 10000);
	}
}

static int
write_site(struct city *cy)
{
	struct out *o = &cy->o;

	out_puts(o,
	    "schema: 1\n"
	    "title: 泉城物业信息公开\n"
	    "city: 济南市\n"
	    "base_url: https://wygs.example.cn/\n"
	    "publisher: 济南市物业服务信息公开平台\n"
	    "language: zh-CN\n"
	    "short_numbers: [110, 119, 120, 122, 12345, 12315, 12358, 12319]\n"
	    "hotlines:\n"
	    "  - {name: 市民服务热线, phone: 12345}\n"
	    "  - {name: 消费者投诉举报, phone: 12315}\n"
	    "  - {name: 价格举报, phone: 12358}\n"
	    "evaluation:\n"
	    "  weights: {satisfaction: 40, onsite: 30, party: 30}\n"
	    "  bands: [{min: 85, label: 自行整改}, {min: 60, label: 书面整改通知},"
	    " {min: 0, label: 约谈整改}]\n");
	return flush_file(cy, "site.yaml");
}

static int
write_areas(struct city *cy)
{
	struct out *o = &cy->o;
	size_t	 i, j, k;
	unsigned ph = 1000;

	out_puts(o, "# Synthetic area tree written by bench/gencity.\n"
	    "districts:\n");
	for (i = 0; i < cy->nd; i++) {
		struct district *d = &cy->d[i];

		out_printf(o, "  - code: \"%s\"\n    name: %s\n", d->code,
		    d->name);
		out_printf(o, "    office: {name: %s住房和城乡建设局物业管理科, "
		    "phone: ", d->name);
		put_landline(o, ph++);
		out_puts(o, "}\n    streets:\n");
		for (j = 0; j < d->ns; j++) {
			struct street *s = &cy->s[d->s0 + j];

			out_printf(o, "      - code: \"%s\"\n"
			    "        name: %s街道\n", s->code, s->base);
			out_printf(o, "        office: {name: %s街道物业管理办公室, "
			    "phone: ", s->base);
			put_landline(o, ph++);
			out_puts(o, "}\n        communities:\n");
			for (k = 0; k < s->nc; k++) {
				struct community *c = &cy->c[s->c0 + k];

				out_printf(o, "          - code: \"%s\"\n"
				    "            name: %s\n", c->code, c->name);
				out_printf(o, "            office: {name: "
				    "%s环境和物业管理委员会, phone: ", c->name);
				put_landline(o, ph++);
				out_puts(o, "}\n");
			}
		}
	}
	return flush_file(cy, "areas.yaml");
}

static void
put_dept(struct out *o, const char *id, const char *name, const char *scope,
    const char *duties, unsigned phone, const char *contact)
{
	out_printf(o, "  - id: %s\n    name: %s\n", id, name);
	if (scope != NULL)
		out_printf(o, "    scope: \"%s\"\n", scope);
	out_printf(o, "    duties: [%s]\n    phone: ", duties);
	put_landline(o, phone);
	out_puts(o, "\n");
	if (contact != NULL)
		out_printf(o, "    contact: %s\n", contact);
}

static int
write_departments(struct city *cy)
{
	struct out *o = &cy->o;
	struct rng r;
	size_t	 i, j;
	char	 id[96], name[96], who[32];
	unsigned ph = 5000;

	rng_init(&r, cy->seed, STREAM_DEPARTMENTS, 0);
	out_puts(o, "departments:\n");
	person(who, sizeof(who), &r);
	put_dept(o, "jinan-zhujian", "济南市住房和城乡建设局", NULL,
	    "物业服务企业监督管理, 专项维修资金监管", ph++, who);
	put_dept(o, "jinan-fagai", "济南市发展和改革委员会", NULL,
	    "物业服务收费政策", ph++, NULL);
	put_dept(o, "jinan-shijianju", "济南市市场监督管理局", NULL,
	    "价格监督检查, 电梯安全监察", ph++, NULL);
	put_dept(o, "jinan-xiaofang", "济南市消防救援支队", NULL,
	    "消防安全监督检查", ph++, NULL);
	put_dept(o, "jinan-chengguan", "济南市城市管理局", NULL,
	    "违法建设查处, 生活垃圾分类监督", ph++, NULL);
	put_dept(o, "jinan-shegong", "中共济南市委社会工作部", NULL,
	    "红色物业建设指导, 业主委员会党建工作", ph++, NULL);
	for (i = 0; i < cy->nd; i++) {
		struct district *d = &cy->d[i];

		sfmt(id, sizeof(id), "%s-zhujian", d->slug);
		sfmt(name, sizeof(name), "%s住房和城乡建设局", d->name);
		person(who, sizeof(who), &r);
		put_dept(o, id, name, d->code,
		    "物业服务企业监督管理, 专项维修资金监管, 业主大会指导",
		    ph++, who);
		sfmt(id, sizeof(id), "%s-shijianju", d->slug);
		sfmt(name, sizeof(name), "%s市场监督管理局", d->name);
		put_dept(o, id, name, d->code, "物业收费价格监督, 电梯安全监察",
		    ph++, NULL);
		for (j = 0; j < d->ns; j++) {
			struct street *s = &cy->s[d->s0 + j];

			if (s->dept[0] == '\0')
				continue;
			sfmt(name, sizeof(name), "%s街道办事处物业办", s->base);
			person(who, sizeof(who), &r);
			put_dept(o, s->dept, name, s->code,
			    "物业矛盾纠纷调处, 业主委员会组建指导", ph++, who);
		}
	}
	return flush_file(cy, "departments.yaml");
}

static int
write_pages(struct city *cy)
{
	char	 path[MAXPATH];

	sfmt(path, sizeof(path), "%s/pages", cy->root);
	if (mkdir_ok(path, 0) == -1)
		return -1;
	out_printf(&cy->o,
	    "---\n"
	    "title: 关于本平台\n"
	    "order: 1\n"
	    "---\n"
	    "本平台集中公开济南市 %zu 个住宅小区的物业服务信息，"
	    "包括物业服务企业、收费标准、共有部分经营收益、"
	    "专项维修资金和监督投诉渠道。\n"
	    "\n"
	    "以上数据为**基准测试用的虚构数据**，由 `bench/gencity` 生成，"
	    "电话号码均为占位号码。\n"
	    "\n"
	    "## 投诉渠道\n"
	    "\n"
	    "1. 先向物业服务中心反映；\n"
	    "2. 未解决的，拨打小区公示的主管部门电话；\n"
	    "3. 也可拨打市民服务热线 12345。\n", cy->n);
	return flush_file(cy, "pages/about.md");
}

/* Cut total (fen) into n parts that add up to it exactly. */
static void
split(int64_t total, int64_t *part, int n, struct rng *r)
{
	int64_t	 left = total;
	int	 i;

	for (i = 0; i < n - 1; i++) {
		part[i] = left / (n - i) / 2 +
		    (int64_t)rng_below(r, 1000) * (left / (n - i)) / 1000;
		left -= part[i];
	}
	part[n - 1] = left;
}

/* What the sections of one compound record share. */
struct compound {
	struct out		*o;
	struct rng		 r;
	size_t			 i;	/* index, from 0 */
	const struct community	*c;
	const struct street	*s;
	const struct district	*d;
	enum { PRO, COMMUNITY, SELF } mgmt;
	int			 built;	/* year */
	unsigned		 nb;	/* buildings */
	long			 asof;	/* data_as_of, days since 1970 */
	int64_t			 area;	/* floor area, hundredths of m² */
};

static void
gen_provider(struct city *cy, struct compound *k)
{
	struct out		*o = k->o;
	const struct provider	*p = NULL;
	char			 who[32], uscc[20];
	long			 start, end;

	if (k->mgmt == PRO) {
		p = &cy->p[rng_below(&k->r, (unsigned)cy->np)];
		out_printf(o, "provider:\n  name: %s\n  uscc: %s\n",
		    p->name, p->uscc);
	} else {
		/* A community service centre: a registered non-profit. */
		make_uscc(uscc, "52", k->d->code, &k->r);
		out_printf(o, "provider:\n  name: %s%s物业服务中心\n"
		    "  uscc: %s\n", k->s->base, k->c->name, uscc);
	}
	out_puts(o, "  hotline_24h: ");
	put_landline(o, rng_below(&k->r, 10000));
	out_puts(o, "\n  complaint_phone: ");
	put_landline(o, p != NULL ? p->complaint : rng_below(&k->r, 10000));
	person(who, sizeof(who), &k->r);
	out_printf(o, "\n  manager: {name: %s, phone: ", who);
	put_mobile(o, &k->r);
	out_puts(o, "}\n");
	if (p != NULL && p->party[0] != '\0')
		out_printf(o, "  party_org: %s\n", p->party);

	/*
	 * Every contract runs past TODAY: gongshi check warns about ended
	 * ones, and a benchmark city should check clean.
	 */
	start = days_from_civil(2022, 1, 1) + rng_range(&k->r, 0,
	    days_from_civil(2026, 6, 30) - days_from_civil(2022, 1, 1));
	if (start < days_from_civil(2024, 1, 1) || rng_pct(&k->r, 50))
		end = term_end(start, 5);
	else
		end = term_end(start, 3);
	out_printf(o, "contract: {kind: %s, start: ",
	    k->built >= 2020 && rng_pct(&k->r, 70) ? "前期" : "选聘");
	put_date(o, start);
	out_puts(o, ", end: ");
	put_date(o, end);
	out_puts(o, ", filed_on: ");
	put_date(o, start + rng_range(&k->r, 3, 30));
	out_puts(o, "}\n");
}

/* The service fee in full, then one to three lesser fees on a line each. */
static void
gen_fees(struct compound *k)
{
	struct out	*o = k->o;
	unsigned	 chosen = 1, n, j;
	int64_t		 fen;
	int		 y, gov;

	n = k->mgmt == SELF ? 0 : (unsigned)rng_range(&k->r, 1, 3);
	while (n > 0) {
		j = 1 + rng_below(&k->r, NELEM(fees) - 1);
		if (!(chosen & (1u << j))) {
			chosen |= 1u << j;
			n--;
		}
	}
	gov = k->built < 2015 && k->mgmt != SELF;
	out_puts(o, "fees:\n");
	for (j = 0; j < NELEM(fees); j++) {
		if (!(chosen & (1u << j)))
			continue;
		fen = rng_range(&k->r, fees[j].lo, fees[j].hi);
		if (fen >= 1000)
			fen = fen / 500 * 500;
		if (j != 0) {
			out_printf(o, "  - {item: %s, amount: ", fees[j].item);
			put_money(o, fen);
			out_printf(o, ", unit: %s, pricing: 市场调节价}\n",
			    fees[j].unit);
			continue;
		}
		out_printf(o, "  - item: %s\n    amount: ", fees[j].item);
		put_money(o, fen);
		out_printf(o, "\n    unit: %s\n    pricing: %s\n    mode: %s\n",
		    fees[j].unit, gov ? "政府指导价" : "市场调节价",
		    rng_pct(&k->r, 85) ? "包干制" : "酬金制");
		y = (int)rng_range(&k->r, 2019, 2025);
		if (gov)
			out_printf(o, "    basis: 济发改价格〔%d〕%ld号\n", y,
			    rng_range(&k->r, 1, 60));
		else
			out_printf(o, "    basis: %d年业主大会决议\n", y);
		out_puts(o, "    since: ");
		put_date(o, days_from_civil(y, (int)rng_range(&k->r, 1, 12), 1));
		out_puts(o, "\n");
	}
}

/* Sources in whole yuan; the uses spend 30% to 100% of them. */
static void
gen_revenue(struct compound *k)
{
	struct out	*o = k->o;
	unsigned	 chosen = 0, n, j, src;
	int64_t		 fen, sum = 0, part[4];

	out_puts(o, "common_revenue:\n  period: \"2025\"\n  sources:\n");
	n = (unsigned)rng_range(&k->r, 1, 4);
	for (j = 0; j < n; j++) {
		src = rng_below(&k->r, NELEM(rsources));
		if (chosen & (1u << src))
			continue;
		chosen |= 1u << src;
		fen = rng_range(&k->r, 20, 600) * 10000;
		sum += fen;
		out_printf(o, "    - {source: %s, amount: ", rsources[src]);
		put_money(o, fen);
		out_puts(o, "}\n");
	}
	n = (unsigned)rng_range(&k->r, 0, 3);
	if (n == 0)
		return;
	split(sum * rng_range(&k->r, 30, 100) / 100, part, (int)n, &k->r);
	out_puts(o, "  uses:\n");
	for (j = 0; j < n; j++) {
		out_printf(o, "    - {purpose: %s, amount: ",
		    ruses[(j + k->i) % NELEM(ruses)]);
		put_money(o, part[j]);
		out_printf(o, ", decision: %s}\n", rng_pct(&k->r, 60) ?
		    "2025年业主大会决议" : "业主委员会会议决定");
	}
}

/* balance = deposited + interest - used, to the fen; the draws add up
 * to used. */
static void
gen_fund(struct compound *k)
{
	struct out	*o = k->o;
	int64_t		 dep, intr, used, part[4];
	long		 day, lo;
	unsigned	 n, j;
	int		 y, m, d;

	/* A statement at a month end, one to eleven months back. */
	civil_from_days(k->asof, &y, &m, &d);
	m -= (int)rng_range(&k->r, 1, 11);
	if (m < 1) {
		m += 12;
		y--;
	}
	day = m == 12 ? days_from_civil(y, 12, 31) :
	    days_from_civil(y, m + 1, 1) - 1;
	/* 30..80 yuan deposited a square metre, 2%..9% interest. */
	dep = k->area * rng_range(&k->r, 30, 80);
	intr = dep * rng_range(&k->r, 20, 90) / 1000 + rng_range(&k->r, 0, 99);
	used = rng_pct(&k->r, 25) ? 0 : (dep + intr) *
	    rng_range(&k->r, 1, 40) / 100 + rng_range(&k->r, 0, 99);
	out_puts(o, "maintenance_fund:\n  as_of: ");
	put_date(o, day);
	out_puts(o, "\n  deposited: ");
	put_money(o, dep);
	out_puts(o, "\n  interest: ");
	put_money(o, intr);
	out_puts(o, "\n  used: ");
	put_money(o, used);
	out_puts(o, "\n  balance: ");
	put_money(o, dep + intr - used);
	out_puts(o, "\n");
	if (used == 0)
		return;

	n = (unsigned)rng_range(&k->r, 1, 4);
	split(used, part, (int)n, &k->r);
	lo = days_from_civil(k->built < 2012 ? 2012 : k->built + 2, 1, 1);
	if (lo > day)
		lo = day;
	out_puts(o, "  draws:\n");
	for (j = 0; j < n; j++) {
		out_puts(o, "    - {date: ");
		put_date(o, lo + rng_range(&k->r, 0, day - lo));
		if (j == n - 1 && rng_pct(&k->r, 30))
			out_puts(o, ", project: 小区雨污管网改造");
		else
			out_printf(o, ", project: %ld%s",
			    rng_range(&k->r, 1, (long)k->nb),
			    drawprojects[rng_below(&k->r, NELEM(drawprojects))]);
		out_puts(o, ", amount: ");
		put_money(o, part[j]);
		out_printf(o, ", approval: %s}\n",
		    approvals[rng_below(&k->r, NELEM(approvals))]);
	}
}

static void
gen_committee(struct compound *k)
{
	struct out	*o = k->o;
	char		 who[32];
	unsigned	 n, j, status;
	long		 start;

	/* 已成立 70%, 未成立 20%, 物业管理委员会 10%; self-managed
	 * compounds always have a committee. */
	j = rng_below(&k->r, 100);
	status = k->mgmt == SELF || j < 70 ? 0 : j < 90 ? 1 : 2;
	out_printf(o, "owners_committee:\n  status: %s\n",
	    status == 0 ? "已成立" : status == 1 ? "未成立" : "物业管理委员会");
	if (status == 1)
		return;
	start = days_from_civil(2021, 12, 1) + rng_range(&k->r, 0,
	    days_from_civil(2026, 6, 30) - days_from_civil(2021, 12, 1));
	if (status == 0) {
		/* Five-year terms, all still running. */
		out_puts(o, "  term: {start: ");
		put_date(o, start);
		out_puts(o, ", end: ");
		put_date(o, term_end(start, 5));
		out_puts(o, "}\n");
	}
	out_puts(o, "  members:\n");
	n = (unsigned)rng_range(&k->r, 3, 5);
	for (j = 0; j < n; j++) {
		person(who, sizeof(who), &k->r);
		out_printf(o, "    - {role: %s, name: %s}\n",
		    j == 0 ? "主任" : j == 1 ? "副主任" : "委员", who);
	}
	if (rng_pct(&k->r, 80)) {
		out_puts(o, "  phone: ");
		put_mobile(o, &k->r);
		out_puts(o, "\n");
	}
	n = (unsigned)rng_range(&k->r, 0, 3);
	if (n == 0 || start >= k->asof)
		return;
	out_puts(o, "  decisions:\n");
	for (j = 0; j < n; j++) {
		out_puts(o, "    - {date: ");
		put_date(o, start + rng_range(&k->r, 0, k->asof - start));
		out_printf(o, ", text: %s}\n",
		    decisions[rng_below(&k->r, NELEM(decisions))]);
	}
}

/* City and district departments whose scope covers the compound, and
 * the local police station. */
static void
gen_supervision(struct compound *k)
{
	struct out	*o = k->o;

	out_printf(o, "supervision:\n  - jinan-zhujian\n  - %s-zhujian\n",
	    k->d->slug);
	if (rng_pct(&k->r, 50))
		out_printf(o, "  - %s-shijianju\n", k->d->slug);
	if (k->s->dept[0] != '\0')
		out_printf(o, "  - %s\n", k->s->dept);
	if (rng_pct(&k->r, 30))
		out_puts(o, "  - jinan-xiaofang\n");
	out_printf(o, "  - {name: %s派出所, duties: [治安管理, 消防安全检查], "
	    "phone: ", k->s->base);
	put_landline(o, (unsigned)(k->c->s * 7 + 4000));
	out_puts(o, "}\n");
}

/* One entry a building; a grid member looks after three to six in a
 * row, two buildings in five have a steward. */
static void
gen_grid(struct compound *k)
{
	struct out	*o = k->o;
	char		 member[32], steward[32];
	unsigned	 b, left = 0, phone = 0;

	out_puts(o, "grid:\n");
	for (b = 1; b <= k->nb; b++) {
		if (left == 0) {
			person(member, sizeof(member), &k->r);
			left = (unsigned)rng_range(&k->r, 3, 6);
			phone = rng_below(&k->r, 10000);
		}
		left--;
		out_printf(o, "  - {building: %u号楼, grid_member: "
		    "{name: %s, phone: 1380000%04u}", b, member, phone);
		if (rng_pct(&k->r, 40)) {
			person(steward, sizeof(steward), &k->r);
			out_printf(o, ", steward: {name: %s, phone: ", steward);
			put_mobile(o, &k->r);
			out_puts(o, "}");
		}
		out_puts(o, "}\n");
	}
}

static void
gen_notice(struct compound *k)
{
	struct out	*o = k->o;
	unsigned	 a;
	int		 y, m, d;

	civil_from_days(k->asof + rng_range(&k->r, 1, 20), &y, &m, &d);
	out_puts(o, "notice: |\n");
	switch (rng_below(&k->r, 4)) {
	case 0:
		a = (unsigned)rng_range(&k->r, 1, k->nb);
		out_printf(o, "  **停水通知**\n\n"
		    "  因二次供水设施清洗消毒，定于%d年%d月%d日8时至18时"
		    "暂停供水，请各位业主提前储水。\n\n"
		    "  - 影响范围：%u号楼至%u号楼\n"
		    "  - 咨询电话：", y, m, d, a,
		    a + (unsigned)rng_range(&k->r, 0, k->nb - a));
		put_landline(o, rng_below(&k->r, 10000));
		out_puts(o, "\n");
		break;
	case 1:
		out_printf(o, "  **电梯检验公告**\n\n"
		    "  %ld号楼%ld单元电梯将于%d年%d月%d日进行年度检验，"
		    "检验期间暂停使用。给您带来不便，敬请谅解。\n",
		    rng_range(&k->r, 1, (long)k->nb), rng_range(&k->r, 1, 4),
		    y, m, d);
		break;
	case 2:
		out_printf(o, "  **2025年度物业服务费收支情况公示**\n\n"
		    "  - 物业服务费收入：%ld万元\n"
		    "  - 人员费用：%ld万元\n"
		    "  - 公共设施设备维护：%ld万元\n\n"
		    "  详细账目可到物业服务中心查阅，"
		    "有疑问请在公示期内提出。\n",
		    rng_range(&k->r, 80, 400), rng_range(&k->r, 40, 200),
		    rng_range(&k->r, 10, 80));
		break;
	default:
		out_puts(o, "  **冬季消防安全提示**\n\n"
		    "  1. 不在楼道内堆放杂物；\n"
		    "  2. 电动自行车不进楼入户，请到充电棚集中充电；\n"
		    "  3. 发现火情请立即拨打 119。\n");
		break;
	}
}

/*
 * Compound i into cy->o; its id (the file stem) into id.  The sections
 * draw from the compound's own random stream, in file order.
 */
static void
gen_compound(struct city *cy, size_t i, char *id, size_t idsz)
{
	struct compound	 k;
	struct out	*o = &cy->o;
	char		 nm[32], pin[32], road[32];
	unsigned	 a, b, sfx, nh, j;

	memset(&k, 0, sizeof(k));
	k.o = o;
	k.i = i;
	rng_init(&k.r, cy->seed, STREAM_COMPOUNDS, i);
	k.c = &cy->c[i * cy->nc / cy->n];
	k.s = &cy->s[k.c->s];
	k.d = &cy->d[k.s->d];

	a = rng_below(&k.r, 64);
	b = rng_below(&k.r, 64);
	sfx = rng_below(&k.r, NELEM(csuffix));
	name2(nm, sizeof(nm), a, b, 0);
	name2(pin, sizeof(pin), a, b, 1);
	sfmt(id, idsz, "%s-%s-%zu", pin, csuffix[sfx].pin, i + 1);
	name2(road, sizeof(road), rng_below(&k.r, 64), rng_below(&k.r, 64), 0);
	strcat(road, roadsfx[rng_below(&k.r, NELEM(roadsfx))]);

	/* 1% self-managed, 5% run by the community, the rest by a firm. */
	j = rng_below(&k.r, 100);
	k.mgmt = j < 1 ? SELF : j < 6 ? COMMUNITY : PRO;
	k.built = (int)rng_range(&k.r, 1980, 2024);
	/* Building counts lean small: the least of three draws in 5..30. */
	k.nb = 30;
	for (j = 0; j < 3; j++) {
		a = (unsigned)rng_range(&k.r, 5, 30);
		k.nb = a < k.nb ? a : k.nb;
	}
	nh = k.nb * (unsigned)rng_range(&k.r, 24, 96);
	k.area = (int64_t)nh * rng_range(&k.r, 6000, 13000) +
	    rng_range(&k.r, 0, 99);
	k.asof = days_from_civil(2026, 10, 1) + rng_range(&k.r, 0,
	    days_from_civil(TODAY_Y, TODAY_M, TODAY_D) -
	    days_from_civil(2026, 10, 1));

	out_printf(o, "schema: 1\nid: %s\nname: %s%s\n", id, nm,
	    csuffix[sfx].han);
	if (rng_pct(&k.r, 30))
		out_printf(o, "aliases: [%s%s小区, %s%s]\n", nm,
		    csuffix[sfx].han, road, nm);
	out_printf(o, "address: %s%s%ld号\n", k.d->name, road,
	    rng_range(&k.r, 1, 399));
	out_printf(o, "community: \"%s\"\ndata_as_of: ", k.c->code);
	put_date(o, k.asof);
	out_printf(o, "\nprofile:\n  built: %d\n  buildings: %u\n"
	    "  households: %u\n  floor_area_m2: ", k.built, k.nb, nh);
	put_dec(o, k.area);
	out_printf(o, "\n  management: %s\n", k.mgmt == PRO ? "专业物业" :
	    k.mgmt == COMMUNITY ? "社区托管" : "业主自管");
	if (rng_pct(&k.r, 90)) {
		out_puts(o, "service_room: {area_m2: ");
		put_dec(o, rng_range(&k.r, 3000, 30000) / 50 * 50);
		out_printf(o, ", location: %ld号楼一层}\n",
		    rng_range(&k.r, 1, (long)k.nb));
	}
	if (k.mgmt != SELF)
		gen_provider(cy, &k);
	if (rng_pct(&k.r, 90)) {
		out_puts(o, "services:\n");
		for (j = 0; j < NELEM(services); j++)
			if (j < 2 || rng_pct(&k.r, 30))
				out_printf(o, "  - {category: %s, standard: %s}\n",
				    services[j][0], services[j][1]);
	}
	/* Half the self-managed compounds publish no fee at all. */
	if (k.mgmt != SELF || rng_pct(&k.r, 50))
		gen_fees(&k);
	if (rng_pct(&k.r, 75))
		gen_revenue(&k);
	if (rng_pct(&k.r, 85))
		gen_fund(&k);
	if (rng_pct(&k.r, 85)) {
		out_puts(o, "contractors:\n");
		for (j = 0; j < NELEM(csystems); j++) {
			if (j > 1 && !rng_pct(&k.r, 25))
				continue;
			name2(nm, sizeof(nm), rng_below(&k.r, 64),
			    rng_below(&k.r, 64), 0);
			out_printf(o, "  - {system: %s, company: 济南%s%s, phone: ",
			    csystems[j][0], nm, csystems[j][1]);
			put_landline(o, rng_below(&k.r, 10000));
			out_puts(o, "}\n");
		}
	}
	gen_committee(&k);
	gen_supervision(&k);
	gen_grid(&k);
	if (rng_pct(&k.r, 90))
		out_printf(o, "commitments:\n"
		    "  - {tier: 一般问题, respond_min: %ld, plan_min: %ld}\n"
		    "  - {tier: 重大问题, written_h: %ld, solve_d: %ld}\n",
		    rng_range(&k.r, 2, 6) * 5, rng_range(&k.r, 3, 12) * 10,
		    rng_range(&k.r, 2, 24), rng_range(&k.r, 1, 7));
	if (k.mgmt != SELF && rng_pct(&k.r, 85)) {
		/* Each score within its default weight 40/30/30. */
		out_puts(o, "evaluation: {year: 2025, satisfaction: ");
		put_dec(o, rng_range(&k.r, 200, 400) * 10);
		out_puts(o, ", onsite: ");
		put_dec(o, rng_range(&k.r, 30, 60) * 50);
		out_puts(o, ", party: ");
		put_dec(o, rng_range(&k.r, 15, 30) * 100);
		out_puts(o, "}\n");
	}
	if (rng_pct(&k.r, 60))
		gen_notice(&k);
}

static void
usage(void)
{
	fprintf(stderr, "usage: gencity [-n N] [-s SEED] [-S STREETS] OUTDIR\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct city	 cy;
	char		 rel[MAXPATH], id[128];
	const char	*outdir;
	char		*end;
	unsigned long	 ul;
	size_t		 i;
	int		 ch, n, rc = 1;

	memset(&cy, 0, sizeof(cy));
	cy.n = 10000;
	cy.seed = 1;
	while ((ch = getopt(argc, argv, "n:s:S:")) != -1) {
		switch (ch) {
		case 'S':
			errno = 0;
			ul = strtoul(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    ul < 1 || ul > MAXN) {
				fprintf(stderr, "gencity: -S %s: want 1..%d\n",
				    optarg, MAXN);
				return 2;
			}
			cy.want_ns = ul;
			break;
		case 'n':
			errno = 0;
			ul = strtoul(optarg, &end, 10);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    ul < 1 || ul > MAXN) {
				fprintf(stderr, "gencity: -n %s: want 1..%d\n",
				    optarg, MAXN);
				return 2;
			}
			cy.n = ul;
			break;
		case 's':
			errno = 0;
			cy.seed = strtoull(optarg, &end, 10);
			if (errno != 0 || *optarg < '0' || *optarg > '9' ||
			    *end != '\0') {
				fprintf(stderr, "gencity: -s %s: want a "
				    "non-negative integer\n", optarg);
				return 2;
			}
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1)
		usage();
	outdir = argv[optind];

	n = snprintf(cy.root, sizeof(cy.root), "%s/content", outdir);
	if (n < 0 || (size_t)n >= sizeof(cy.root) - 256) {
		fprintf(stderr, "gencity: %s: path too long\n", outdir);
		return 2;
	}
	if (mkdir_ok(outdir, 1) == -1)
		goto out;
	if (mkdir(cy.root, 0777) == -1) {
		fprintf(stderr, "gencity: %s: %s\n", cy.root, errno == EEXIST ?
		    "already exists; remove it first" : strerror(errno));
		goto out;
	}
	sfmt(rel, sizeof(rel), "%s/compounds", cy.root);
	if (mkdir_ok(rel, 0) == -1)
		goto out;

	plan_areas(&cy);
	for (i = 0; i < cy.nd; i++) {
		sfmt(rel, sizeof(rel), "%s/compounds/%s", cy.root,
		    cy.d[i].slug);
		if (mkdir_ok(rel, 0) == -1)
			goto out;
	}
	if (write_site(&cy) == -1 || write_areas(&cy) == -1 ||
	    write_departments(&cy) == -1 || write_pages(&cy) == -1)
		goto out;
	for (i = 0; i < cy.n; i++) {
		gen_compound(&cy, i, id, sizeof(id));
		sfmt(rel, sizeof(rel), "compounds/%s/%s.yaml",
		    cy.d[cy.s[cy.c[i * cy.nc / cy.n].s].d].slug, id);
		if (flush_file(&cy, rel) == -1)
			goto out;
	}
	rc = 0;
out:
	free(cy.d);
	free(cy.s);
	free(cy.c);
	free(cy.p);
	free(cy.o.p);
	return rc;
}
