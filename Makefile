# gongshi: a plain Makefile.  `make`, `make test`, `make SAN=1 test`,
# `make bench`, `make install PREFIX=/usr/local DESTDIR=...`.

.SUFFIXES:

VERSION	 = 0.1.0
PREFIX	 = /usr/local
BINDIR	 = $(PREFIX)/bin
MANDIR	 = $(PREFIX)/share/man
DATADIR	 = $(PREFIX)/share/gongshi

CC	?= cc
PKGS	 = libcmark yaml-0.1 libgit2 libqrencode
PKG_CFLAGS != pkg-config --cflags $(PKGS)
PKG_LIBS   != pkg-config --libs $(PKGS)

WARN	 = -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wmissing-prototypes \
	   -Wwrite-strings -Wshadow -Wformat=2 -Wvla
OPT	 = -O2 -g
CFLAGS	?=
LDFLAGS	?=

# SAN=1 builds everything with AddressSanitizer and UBSan into build-san/.
ifeq ($(SAN),1)
O	 = build-san
OPT	 = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	   -fno-sanitize-recover=undefined
BIN	 = $(O)/gongshi
else
O	 = build
BIN	 = gongshi
endif

ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	     -DVERSION='"$(VERSION)"' $(WARN) $(OPT) $(PKG_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(OPT) $(LDFLAGS)
LIBS	 = $(PKG_LIBS) -lpthread -lm

LIB_SRCS  = $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJS  = $(LIB_SRCS:src/%.c=$(O)/%.o)
HDRS	  = $(wildcard src/*.h)
TEST_SRCS = $(wildcard tests/*.c)
TEST_BINS = $(TEST_SRCS:tests/%.c=$(O)/tests/%)
BENCH_SRCS = $(wildcard bench/*.c)
BENCH_BINS = $(BENCH_SRCS:bench/%.c=$(O)/bench/%)

all: $(BIN)

$(BIN): $(O)/main.o $(O)/libgongshi.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(O)/main.o $(O)/libgongshi.a $(LIBS)

$(O)/libgongshi.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $(LIB_OBJS)

$(O)/%.o: src/%.c $(HDRS) | $(O)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O)/tests/%: tests/%.c $(O)/libgongshi.a $(HDRS) | $(O)
	@mkdir -p $(O)/tests
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(O)/libgongshi.a $(LIBS)

$(O)/bench/%: bench/%.c $(O)/libgongshi.a $(HDRS) | $(O)
	@mkdir -p $(O)/bench
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< $(O)/libgongshi.a $(LIBS)

$(O):
	mkdir -p $(O)

test: $(BIN) $(TEST_BINS)
	@GONGSHI=$(CURDIR)/$(BIN) TESTBIN=$(CURDIR)/$(O)/tests SAN=$(SAN) \
	    sh tests/run.sh

bench: $(BIN) $(BENCH_BINS)
	@GONGSHI=$(CURDIR)/$(BIN) BENCHBIN=$(CURDIR)/$(O)/bench sh bench/run.sh

# Render the demo city into site/ (the README's first command ends here).
demo: $(BIN)
	./$(BIN) build

install: $(BIN)
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	cp $(BIN) $(DESTDIR)$(BINDIR)/gongshi
	chmod 755 $(DESTDIR)$(BINDIR)/gongshi
	cp gongshi.1 $(DESTDIR)$(MANDIR)/man1/gongshi.1
	chmod 644 $(DESTDIR)$(MANDIR)/man1/gongshi.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/gongshi $(DESTDIR)$(MANDIR)/man1/gongshi.1

clean:
	rm -rf build build-san gongshi

.PHONY: all test bench demo install uninstall clean
