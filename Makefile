# sayso: a static site generator for accessible public consultations.
#
#   make          build build/sayso
#   make site     install missing Debian packages (as root), build sayso and
#                 the example site in content/ into public/
#   make test     unit and command tests, then the same under ASan+UBSan,
#                 then the end-to-end checks (ACT score, tidy, Nu, axe)
#   make bench    time sayso against Hugo on a synthetic corpus
#   make fuzz     run each libFuzzer target for FUZZ_SECONDS
#   make install  PREFIX=/usr/local DESTDIR= honoured

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/sayso
MANDIR   = $(PREFIX)/share/man

CC      ?= cc
PKGS     = libcmark-gfm libxml-2.0 lua5.4 tidy yaml-0.1 libmicrohttpd libxxhash espeak-ng libopusenc
# libcsv ships no pkg-config file in Debian, so it is linked by name.
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lpthread -lm

OPT     ?= -O2 -g
WARN     = -Wall -Wextra -Werror -Wno-unused-parameter
# Sources live one folder per pipeline stage (see README, "Building from
# source"); every folder is on the include path, so a header is named alone.
SRC_DIRS := $(sort $(shell find generator accessibility -type d))
CFLAGS  += -std=c11 $(OPT) $(WARN) -D_GNU_SOURCE $(addprefix -I,$(SRC_DIRS)) \
           -DSAYSO_DATADIR='"$(DATADIR)"' $(PKG_CFLAGS)

SRC      = $(sort $(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.c)))
MAIN     = generator/cli/main.c
LIB_SRC  = $(filter-out $(MAIN),$(SRC))
HDR      = $(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.h))
TESTS    = $(sort $(wildcard tests/unit/test_*.c))

# Two build trees: the ordinary one, and one with AddressSanitizer and
# UndefinedBehaviorSanitizer that `make test` runs the same suite in.
B        = build
S        = build/san
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: all site deps deps-test test unit-test san-test e2e-test act-test \
        bench fuzz fuzz-build fuzz-compiles install uninstall clean valgrind-test

all: $(B)/sayso

# -MMD writes each object's header dependencies beside it (included below).
# Objects depend on the Makefile too: a change to the flags (as when -MMD
# itself was added) must not leave objects built without them.
$(B)/obj/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(S)/obj/%.o: %.c Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN) -O1 -MMD -MP -c $< -o $@

-include $(shell find build -name '*.d' 2>/dev/null)

$(B)/libsayso.a: $(LIB_SRC:%.c=$(B)/obj/%.o)
	@rm -f $@
	ar rcs $@ $^

$(S)/libsayso.a: $(LIB_SRC:%.c=$(S)/obj/%.o)
	@rm -f $@
	ar rcs $@ $^

$(B)/sayso: $(B)/obj/$(MAIN:.c=.o) $(B)/libsayso.a
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

$(S)/sayso: $(S)/obj/$(MAIN:.c=.o) $(S)/libsayso.a
	$(CC) $(CFLAGS) $(SAN) -o $@ $^ $(PKG_LIBS)

$(B)/tests/%: tests/unit/%.c tests/unit/testutil.h $(B)/libsayso.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< $(B)/libsayso.a $(PKG_LIBS) -lcmocka

$(S)/tests/%: tests/unit/%.c tests/unit/testutil.h $(S)/libsayso.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(SAN) -Itests/unit -o $@ $< $(S)/libsayso.a $(PKG_LIBS) -lcmocka

TEST_BINS     = $(TESTS:tests/unit/%.c=$(B)/tests/%)
SAN_TEST_BINS = $(TESTS:tests/unit/%.c=$(S)/tests/%)

deps:
	@sh scripts/deps.sh

deps-test:
	@sh scripts/deps.sh test

site: deps
	$(MAKE) -j$(NPROC) $(B)/sayso
	$(B)/sayso build content -o public

# The suite: every cmocka binary, once plainly and once under the sanitizers,
# then the checks that need a browser, Java or the ACT cases.
NPROC := $(shell nproc 2>/dev/null || echo 2)

test: deps-test
	$(MAKE) -j$(NPROC) $(B)/sayso $(S)/sayso $(TEST_BINS) $(SAN_TEST_BINS)
	/usr/bin/python3 scripts/layers.py
	sh tests/run-unit.sh $(B) $(TEST_BINS)
	$(MAKE) fuzz-compiles
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  sh tests/run-unit.sh $(S) $(SAN_TEST_BINS)
	sh tests/valgrind.sh $(B)/sayso $(TEST_BINS)
	sh tests/act.sh $(B)/sayso
	sh tests/check_modes.sh $(B)/sayso
	/usr/bin/python3 tests/follow.py $(B)/sayso
	@if [ -x tests/e2e/run.sh ]; then sh tests/e2e/run.sh $(B)/sayso; fi

# Timings vary between runs and machines, so they are never part of `make test`.
bench: $(B)/sayso
	sh bench/run.sh $(B)/sayso

# ---- memcheck: every unit binary and one build of content/ (tests/valgrind.sh) ----
valgrind-test: $(B)/sayso $(TEST_BINS)
	sh tests/valgrind.sh $(B)/sayso $(TEST_BINS)

# ---- fuzzing: libFuzzer targets in tests/fuzz, built with clang into build/fuzz ----
# `make fuzz` runs each for FUZZ_SECONDS, or FUZZ_RUNS inputs when set.  New
# inputs go to build/fuzz/corpus/NAME, crashes to build/fuzz/crash-NAME-*;
# the seeds in tests/fuzz/corpus/NAME are only read.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_RUNS    ?=
# Inputs big enough to nest thousands deep (libFuzzer's default is 4 KB).
FUZZ_MAX_LEN ?= 1048576
F             = build/fuzz
FUZZ_SAN      = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_NAMES    = $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BINS     = $(FUZZ_NAMES:%=$(F)/fuzz_%)

$(F)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(CFLAGS) -Wno-error $(FUZZ_SAN) -O1 -MMD -MP -c $< -o $@

$(F)/libsayso.a: $(LIB_SRC:%.c=$(F)/obj/%.o)
	@rm -f $@
	ar rcs $@ $^

$(F)/fuzz_%: tests/fuzz/fuzz_%.c $(F)/libsayso.a
	$(FUZZ_CC) $(CFLAGS) -Wno-error -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -O1 \
	  -o $@ $< $(F)/libsayso.a $(PKG_LIBS)

fuzz-build: $(FUZZ_BINS)

# Only `make fuzz` builds the targets, with clang; the suite compiles their
# sources, so a change to an interface they call cannot leave them broken.
fuzz-compiles:
	@for f in tests/fuzz/fuzz_*.c; do $(CC) $(CFLAGS) -fsyntax-only $$f || exit 1; done
	@echo "fuzz: every target compiles"

fuzz: $(FUZZ_BINS)
	@for n in $(FUZZ_NAMES); do \
	  mkdir -p $(F)/corpus/$$n; \
	  echo "fuzz: $$n"; \
	  $(F)/fuzz_$$n $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS),-max_total_time=$(FUZZ_SECONDS)) \
	    -max_len=$(FUZZ_MAX_LEN) -artifact_prefix=$(F)/crash-$$n- -print_final_stats=1 \
	    $(F)/corpus/$$n tests/fuzz/corpus/$$n || exit 1; \
	done

install: $(B)/sayso
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(B)/sayso $(DESTDIR)$(BINDIR)/sayso
	cp -R themes lua content $(DESTDIR)$(DATADIR)/
	install -m 644 doc/sayso.1 $(DESTDIR)$(MANDIR)/man1/sayso.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/sayso $(DESTDIR)$(MANDIR)/man1/sayso.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build public
