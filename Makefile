# gongshi: a plain Makefile.  `make`, `make test`, `make SAN=1 test`,
# `make bench`, `make install PREFIX=/usr/local DESTDIR=...`.

.SUFFIXES:
.SECONDARY:	# keep intermediate objects (the fuzz harnesses' own)

VERSION	 = 0.1.0
PREFIX	 = /usr/local
BINDIR	 = $(PREFIX)/bin
MANDIR	 = $(PREFIX)/share/man
DATADIR	 = $(PREFIX)/share/gongshi

CC	?= cc
PKGS	 = libcmark-gfm yaml-0.1 libgit2 libqrencode xlsxwriter libzip expat
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
	     -DVERSION='"$(VERSION)"' $(WARN) $(OPT) $(PKG_CFLAGS) $(CFLAGS) \
	     -MMD -MP
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

all: $(BIN)

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

# Fault injection for tests/crash.test.sh (LD_PRELOAD; never in gongshi).
$(O)/fault.so: tests/fault/fault.c | $(O)
	$(CC) -std=c11 -O1 -g -fPIC -shared -o $@ tests/fault/fault.c -ldl

test: $(BIN) $(TEST_BINS) $(O)/fault.so
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
	rm -rf build build-san-* build-fuzz gongshi

.PHONY: all test bench fuzz demo install uninstall clean

-include $(wildcard $(O)/*.d $(O)/tests/*.d $(O)/fuzz/*.d $(O)/bench/*.d)
