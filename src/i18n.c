/*
 * Choosing the language and finding its catalogue.  gettext translates
 * only under a locale other than C, and servers rarely have zh_CN.UTF-8
 * generated; C.UTF-8 is everywhere.  So gongshi reads the user's wish
 * from the environment as text, sets LC_MESSAGES (and LC_CTYPE, so
 * UTF-8 text is not transliterated) to C.UTF-8, and tells gettext the
 * language through LANGUAGE, which it honours under any locale but C.
 * LC_NUMERIC and LC_TIME stay C: numbers and dates never change form.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"

#ifndef LOCALEDIR
#define LOCALEDIR	"/usr/local/share/locale"
#endif

#define DOMAIN		"gongshi"

/* Translated once by i18n_init(), before any thread starts. */
static const char *out_of_memory = N_("gongshi: error: out of memory\n");
static const char *too_many_files = N_("gongshi: error: more than a "
    "million files to read; positions cannot name them\n");
#define CATALOGUE	"/zh_CN/LC_MESSAGES/" DOMAIN ".mo"

/* 'z' for Chinese, 'e' for English, 0 for anything else. */
static int
language_of(const char *s)
{
	if (strncmp(s, "zh", 2) == 0 && (s[2] == '\0' || s[2] == '_' ||
	    s[2] == '-' || s[2] == '.'))
		return 'z';
	if (strncmp(s, "en", 2) == 0 && (s[2] == '\0' || s[2] == '_' ||
	    s[2] == '-' || s[2] == '.'))
		return 'e';
	return 0;
}

/* What the environment asks for, as setlocale(3) would read it. */
static int
language_from_env(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char	*v;
	size_t		 i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		if ((v = getenv(vars[i])) != NULL && *v != '\0')
			return strncmp(v, "en", 2) == 0 ? 'e' : 'z';
	return 'z';
}

/*
 * Where the catalogue is: beside the program as built in the source
 * tree (./gongshi reads build/locale, build-san-gcc/gongshi its own
 * locale/), beside it as installed (bin/../share/locale, which also
 * holds for a DESTDIR copy), else where `make install` put it.
 */
static char *
locale_dir(void)
{
	static const char *const near[] = { "/build/locale", "/locale",
		"/../share/locale" };
	char		 exe[4096], *slash;
	struct buf	 dir = { 0 };
	ssize_t		 n;
	size_t		 i;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0 || (size_t)n >= sizeof(exe) - 1)
		return xstrdup(LOCALEDIR);
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) != NULL)
		*slash = '\0';
	for (i = 0; i < sizeof(near) / sizeof(near[0]); i++) {
		buf_truncate(&dir, 0);
		buf_printf(&dir, "%s%s%s", exe, near[i], CATALOGUE);
		if (access(dir.p, R_OK) == 0) {
			buf_truncate(&dir, dir.len - strlen(CATALOGUE));
			return buf_detach(&dir);
		}
	}
	buf_free(&dir);
	return xstrdup(LOCALEDIR);
}

/* A locale other than C for the category, so gettext reads LANGUAGE. */
static void
set_category(int category)
{
	static const char *const names[] = { "C.UTF-8", "C.utf8",
		"en_US.UTF-8", "zh_CN.UTF-8" };
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (setlocale(category, names[i]) != NULL)
			return;
}

/* gettext with a context, as gnulib's pgettext: the id is "ctx\004s". */
const char *
i18n_pgettext(const char *id, const char *s)
{
	const char	*t = gettext(id);

	return t == id ? s : t;
}

int
i18n_init(const char *lang)
{
	char	*dir;
	int	 which;

	if (lang != NULL) {
		if ((which = language_of(lang)) == 0)
			return -1;
	} else
		which = language_from_env();
	set_category(LC_MESSAGES);
	set_category(LC_CTYPE);
	setenv("LANGUAGE", which == 'e' ? "en" : "zh_CN", 1);
	dir = locale_dir();
	bindtextdomain(DOMAIN, dir);
	bind_textdomain_codeset(DOMAIN, "UTF-8");
	textdomain(DOMAIN);
	free(dir);
	out_of_memory = _(out_of_memory);
	too_many_files = _(too_many_files);
	return 0;
}

const char *
i18n_out_of_memory(void)
{
	return out_of_memory;
}

const char *
i18n_too_many_files(void)
{
	return too_many_files;
}
