# gongshi: a plain Makefile.  `make`, `make test`, `make SAN=1 test`,
# `make bench`, `make install PREFIX=/usr/local DESTDIR=...`, and
# `make po` after changing messages (see README, "Languages").

.SUFFIXES:
.SECONDARY:	# keep intermediate objects (the fuzz harnesses' own)

VERSION	 = 0.1.0
PREFIX	 = /usr/local
BINDIR	 = $(PREFIX)/bin
MANDIR	 = $(PREFIX)/share/man
DATADIR	 = $(PREFIX)/share/gongshi
LOCALEDIR = $(PREFIX)/share/locale
# Pinyin readings for search (Debian's rime-data-pinyin-simp).
PINYIN_DICT = /usr/share/rime-data/pinyin_simp.dict.yaml

CC	?= cc
PKGS	 = libcmark-gfm yaml-0.1 libgit2 libqrencode xlsxwriter libzip expat \
	   opencc libmicrohttpd libqpdf libcrypto
PKG_CFLAGS != pkg-config --cflags $(PKGS)
PKG_LIBS   != pkg-config --libs $(PKGS)

WARN	 = -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wmissing-prototypes \
	   -Wwrite-strings -Wshadow -Wformat=2 -Wvla
OPT	 = -O2 -g
CFLAGS	?=
LDFLAGS	?=

# SAN=1 builds everything with AddressSanitizer and UBSan into
# build-san-CC/ (gcc's and clang's sanitizers catch different things;
# CI runs both).  FUZZ=1 is how `make fuzz` builds the libFuzzer
# harnesses with clang into build-fuzz/.
CCNAME	 = $(notdir $(firstword $(CC)))
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=undefined
ifeq ($(FUZZ),1)
CC	 = clang
O	 = build-fuzz
OPT	 = -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link \
	   $(SANFLAGS)
BIN	 = $(O)/gongshi
else ifeq ($(SAN),1)
O	 = build-san-$(CCNAME)
OPT	 = -O1 -g -fno-omit-frame-pointer $(SANFLAGS)
BIN	 = $(O)/gongshi
else
O	 = build
BIN	 = gongshi
endif

# -MMD -MP: each object depends on exactly the headers it includes,
# as the compiler saw them (the .d files beside the objects).
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	     -DVERSION='"$(VERSION)"' -DLOCALEDIR='"$(LOCALEDIR)"' \
	     -DPINYIN_DICT='"$(PINYIN_DICT)"' $(WARN) \
	     $(OPT) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP
ALL_LDFLAGS = $(OPT) $(LDFLAGS)
LIBS	 = $(PKG_LIBS) -lpthread -lm

LIB_SRCS  = $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJS  = $(LIB_SRCS:src/%.c=$(O)/%.o)
TEST_SRCS = $(wildcard tests/*.c)
FUZZ_NAMES = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
TEST_BINS = $(TEST_SRCS:tests/%.c=$(O)/tests/%) \
	    $(FUZZ_NAMES:%=$(O)/tests/fuzz-%)
FUZZ_SECONDS ?= 60
BENCH_SRCS = $(wildcard bench/*.c)
BENCH_BINS = $(BENCH_SRCS:bench/%.c=$(O)/bench/%)

# The Chinese catalogue, compiled where the program finds it without
# installing (src/i18n.c): build/locale beside ./gongshi, $(O)/locale
# beside $(O)/gongshi.
MO	 = $(O)/locale/zh_CN/LC_MESSAGES/gongshi.mo

all: $(BIN) $(MO)

$(BIN): $(O)/main.o $(O)/libgongshi.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(O)/main.o $(O)/libgongshi.a $(LIBS)

$(O)/libgongshi.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $(LIB_OBJS)

$(O)/%.o: src/%.c | $(O)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O)/tests/%: tests/%.c $(O)/libgongshi.a | $(O)
	@mkdir -p $(O)/tests
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(O)/libgongshi.a $(LIBS)

# Each fuzz harness also builds as a plain program that replays its
# saved inputs (tests/fuzz/NAME/), so `make test` keeps every crash
# that fuzzing once found as a regression case.
$(O)/tests/fuzz-%: $(O)/tests/fuzz_%.o $(O)/tests/replay.o $(O)/libgongshi.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(O)/tests/fuzz_$*.o $(O)/tests/replay.o \
	    $(O)/libgongshi.a $(LIBS)

$(O)/tests/%.o: tests/fuzz/%.c | $(O)
	@mkdir -p $(O)/tests
	$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

# The harnesses themselves, with libFuzzer's main (FUZZ=1 only).
$(O)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(O)/libgongshi.a | $(O)
	@mkdir -p $(O)/fuzz
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -Isrc -o $@ $< \
	    $(O)/libgongshi.a $(LIBS)

$(O)/bench/%: bench/%.c $(O)/libgongshi.a | $(O)
	@mkdir -p $(O)/bench
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(O)/libgongshi.a $(LIBS)

$(O):
	mkdir -p $(O)

$(MO): po/zh_CN.po
	@mkdir -p $(@D)
	msgfmt -c -o $@ po/zh_CN.po

# Every message the program can print, for translators: xgettext reads
# the functions that take a message (-k, with the argument that holds
# it) and marks their formats (--flag) so that msgfmt -c checks each
# translation's %s against the English.  `make po` regenerates
# po/gongshi.pot from the sources and merges it into po/zh_CN.po;
# translate what is new or fuzzy there, then commit both.  `make pot
# POT=file` writes the template elsewhere (tests/po.test.sh).
XGETTEXT_FLAGS = --from-code=UTF-8 --language=C --no-wrap \
	--add-location=file --add-comments=TRANSLATORS: \
	--package-name=gongshi --package-version=$(VERSION) \
	--msgid-bugs-address="the gongshi maintainers (README.md)" \
	-k_ -kN_ -kC_:1c,2 -kngettext:1,2 \
	-kdiag_add:6 -kdiag_vadd:6 -kreport:3 -kat:4 -kerr:3 -kfail:2 \
	-kerror_at:3 -kasset_error:3 -krerr:4 -kperr:3 \
	-kdiag_add_cell:7 -kcell_error:6 -kcell_fail:2 -ksheet_fail:2 \
	-kviolation:4 --flag=violation:4:c-format \
	--flag=diag_add_cell:7:c-format --flag=cell_error:6:c-format \
	--flag=cell_fail:2:c-format --flag=sheet_fail:2:c-format \
	--flag=diag_add:6:c-format --flag=diag_vadd:6:c-format \
	--flag=report:3:c-format --flag=at:4:c-format --flag=err:3:c-format \
	--flag=fail:2:c-format --flag=error_at:3:c-format \
	--flag=asset_error:3:c-format --flag=rerr:4:c-format \
	--flag=perr:3:c-format \
	--flag=_:1:pass-c-format --flag=N_:1:pass-c-format \
	--flag=ngettext:1:pass-c-format --flag=ngettext:2:pass-c-format
POT	?= po/gongshi.pot

pot:
	xgettext $(XGETTEXT_FLAGS) -o $(POT) src/*.c

po: pot
	msgmerge --quiet --update --backup=none --no-wrap \
	    --add-location=file po/zh_CN.po po/gongshi.pot
	msgfmt -c --statistics -o /dev/null po/zh_CN.po

# Fault injection for tests/crash.test.sh (LD_PRELOAD; never in gongshi).
$(O)/fault.so: tests/fault/fault.c | $(O)
	$(CC) -std=c11 -O1 -g -fPIC -shared -o $@ tests/fault/fault.c -ldl

test: $(BIN) $(MO) $(TEST_BINS) $(O)/fault.so $(O)/bench/gencity
	@GONGSHI=$(CURDIR)/$(BIN) TESTBIN=$(CURDIR)/$(O)/tests SAN=$(SAN) \
	    FAULTLIB=$(CURDIR)/$(O)/fault.so sh tests/run.sh

# Runs every libFuzzer harness for FUZZ_SECONDS each (clang).
fuzz:
	@$(MAKE) --no-print-directory FUZZ=1 \
	    $(FUZZ_NAMES:%=build-fuzz/fuzz/fuzz_%)
	@FUZZBIN=$(CURDIR)/build-fuzz/fuzz FUZZ_SECONDS=$(FUZZ_SECONDS) \
	    sh tests/fuzz/run.sh $(FUZZ_NAMES)

bench: $(BIN) $(BENCH_BINS)
	@GONGSHI=$(CURDIR)/$(BIN) BENCHBIN=$(CURDIR)/$(O)/bench sh bench/run.sh

# Render the demo city into site/ (the README's first command ends here),
# with its history of publications replayed from demo/history/ into
# build/demo (scripts/demo-history.sh).
demo: $(BIN) $(MO)
	GONGSHI=./$(BIN) sh scripts/demo-history.sh build/demo site

install: $(BIN) $(MO)
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/zh_CN/man1 \
	    $(DESTDIR)$(LOCALEDIR)/zh_CN/LC_MESSAGES
	cp $(BIN) $(DESTDIR)$(BINDIR)/gongshi
	chmod 755 $(DESTDIR)$(BINDIR)/gongshi
	cp gongshi.1 $(DESTDIR)$(MANDIR)/man1/gongshi.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/gongshi.1
	cp gongshi.zh_CN.1 $(DESTDIR)$(MANDIR)/zh_CN/man1/gongshi.1
	chmod 644 $(DESTDIR)$(MANDIR)/zh_CN/man1/gongshi.1
	cp $(MO) $(DESTDIR)$(LOCALEDIR)/zh_CN/LC_MESSAGES/gongshi.mo
	chmod 644 $(DESTDIR)$(LOCALEDIR)/zh_CN/LC_MESSAGES/gongshi.mo

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/gongshi $(DESTDIR)$(MANDIR)/man1/gongshi.1 \
	    $(DESTDIR)$(MANDIR)/zh_CN/man1/gongshi.1 \
	    $(DESTDIR)$(LOCALEDIR)/zh_CN/LC_MESSAGES/gongshi.mo

clean:
	rm -rf build build-san-* build-fuzz gongshi

.PHONY: all test bench fuzz demo install uninstall clean po pot

-include $(wildcard $(O)/*.d $(O)/tests/*.d $(O)/fuzz/*.d $(O)/bench/*.d)
