/*
 * Personal phones kept out of the public history (contacts.c).
 *
 * A personal mobile number never enters a published commit: publish
 * moves it into the private contact book, DIR/private/contacts.yaml,
 * and writes in the record its seal, "私密-" and twelve hexadecimal
 * digits of HMAC-SHA256 under a key of the office's own
 * (DIR/private/key).  Without the key a seal says nothing of the
 * number; a new number gives a new seal, so the public diff can say
 * that a phone changed without saying to what.  Building the site and
 * boards reads the numbers back from the book; a number taken out of
 * the book (gongshi forget) is shown nowhere.
 */
#ifndef CONTACTS_H
#define CONTACTS_H

#include <stddef.h>

struct ctx;
struct diags;
struct gs_content;
struct gs_val;
struct opts;

#define BOOK_DIR	"private"
#define BOOK_FILE	"private/contacts.yaml"
#define BOOK_KEY	"private/key"
#define BOOK_NAMES	"private/forgotten.yaml"

struct book_entry {
	char		*seal;		/* 私密-… */
	char		*phone;		/* 11 digits */
};

struct book {
	const char	*dir;		/* -C DIR */
	unsigned char	 key[32];
	int		 has_key;
	struct book_entry *v;		/* sorted by seal */
	size_t		 n, cap;
	char		**names;	/* taken back: not repeated from
					   the history on the site */
	size_t		 nnames;
	int		 dirty;		/* entries added or removed */
	int		 names_dirty;
	unsigned char	 digest[32];	/* of the book's file as read */
};

int	 book_open(struct book *, const char *dir, struct diags *);
const char *book_find(const struct book *, const char *seal);
int	 book_seal(struct book *, const char *phone, char *out, size_t outsz,
	    struct diags *);
int	 book_save(struct book *, struct diags *);
void	 book_free(struct book *);

/* Calls fn on every phone value of the loaded content. */
void	 content_phones(struct gs_content *,
	    void (*fn)(struct gs_val *, void *), void *arg);
/* Reads the book of c->dir and shows its numbers in place of seals. */
int	 contacts_apply(struct ctx *);
/* Moves the personal mobiles of DIR's records into the book. */
int	 contacts_seal(const char *dir, int use_cache, struct diags *);
int	 cmd_forget(const struct opts *);

#endif /* !CONTACTS_H */
