/*
 * The language gongshi speaks to people (i18n.c): Chinese by default,
 * English on request.  The English text in the code is the message id;
 * po/zh_CN.po holds its Chinese, read through GNU gettext.
 *
 *   _("text")	the text in the language chosen
 *   N_("text")	marks text for extraction only; translate it with _()
 *		where it is used (tables, words passed as %s)
 *   ngettext	text that counts something: "1 error", "2 errors"
 *
 * Until i18n_init() has run (library tests, fuzzers) every message is
 * its English id.
 */
#ifndef I18N_H
#define I18N_H

#include <libintl.h>

#define _(s)	gettext(s)
#define N_(s)	(s)
/* A short text whose translation depends on where it stands: ctx says
 * where, for the translator ("between listed values"). */
#define C_(ctx, s)	i18n_pgettext(ctx "\004" s, s)

#if defined(__GNUC__)
#define FORMAT_ARG(n)	__attribute__((format_arg(n)))
#else
#define FORMAT_ARG(n)
#endif

const char *i18n_pgettext(const char *id, const char *s) FORMAT_ARG(2);

/*
 * Chooses the language: lang (--lang's value) if not NULL, else the
 * first non-empty of LC_ALL, LC_MESSAGES and LANG, read as strings:
 * one that starts with "en" means English, anything else (unset, C,
 * POSIX, zh_CN.UTF-8) Chinese.  0, or -1 when lang names neither.
 */
int	 i18n_init(const char *lang);

/* "gongshi: error: out of memory", looked up when the language was
 * chosen: when memory runs out, gettext may need more of it. */
const char *i18n_out_of_memory(void);
const char *i18n_too_many_files(void);

#endif /* !I18N_H */
