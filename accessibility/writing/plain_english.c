/* plain_english.c: plain-English writing rules (see plain_english.h). */
#include "plain_english.h"
#include "plain_words.h"
#include "sentences.h"
#include "text_blocks.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define SENTENCE_WORDS      25
#define SENTENCE_WORDS_MAX  35
#define PARAGRAPH_SENTENCES 5

static const Rule rule_sentence_long = {
    "sentence-long", "plain", LEVEL_WARNING, NULL, NULL, "Sentence is longer than 25 words"
};
static const Rule rule_sentence_very_long = {
    "sentence-very-long", "plain", LEVEL_ERROR, NULL, NULL, "Sentence is longer than 35 words"
};
static const Rule rule_paragraph_long = {
    "paragraph-long", "plain", LEVEL_WARNING, NULL, NULL, "Paragraph has more than 5 sentences"
};
static const Rule rule_passive = {
    "passive-voice", "plain", LEVEL_NOTICE, NULL, NULL, "Sentence may be in the passive voice"
};
static const Rule rule_plain_words = {
    "plain-words", "plain", LEVEL_WARNING, NULL, NULL, "A plainer word would do"
};
static const Rule rule_acronym = {
    "acronym-unexplained", "plain", LEVEL_WARNING, "3.1.4", NULL, "Acronym is not spelled out"
};
static const Rule rule_capitals = {
    "capitals-run", "plain", LEVEL_WARNING, NULL, NULL, "Words written in capital letters"
};

static const Rule *const all_rules[] = {
    &rule_sentence_long, &rule_sentence_very_long, &rule_paragraph_long, &rule_passive,
    &rule_plain_words, &rule_acronym, &rule_capitals,
};

const Rule *const *plain_english_rules(size_t *count)
{
    *count = sizeof all_rules / sizeof *all_rules;
    return all_rules;
}


/* ---- passive voice -------------------------------------------------- */

static const char *const be_forms[] = {
    "am", "are", "aren't", "be", "been", "being", "is", "isn't", "was", "wasn't", "were",
    "weren't",
};

/* Words that may sit between "to be" and the participle. */
static const char *const passive_fillers[] = {
    "all", "already", "also", "always", "been", "being", "both", "currently", "just",
    "never", "not", "now", "often", "only", "still", "then", "usually", "yet",
};

static const char *const irregular_participles[] = {
    "awoken", "beaten", "become", "begun", "bent", "bitten", "blown", "born", "borne", "bought",
    "bound", "broken", "brought", "built", "burnt", "caught", "chosen", "cut", "dealt", "done",
    "drawn", "driven", "drunk", "eaten", "fallen", "fed", "felt", "flown", "forbidden",
    "forgiven", "forgotten", "fought", "found", "frozen", "given", "grown", "heard", "held",
    "hidden", "hit", "hung", "hurt", "kept", "known", "laid", "led", "left", "lent", "let",
    "lit", "lost", "made", "meant", "met", "overseen", "overtaken", "paid", "put", "read",
    "rebuilt", "redone", "rewritten", "ridden", "run", "rung", "said", "seen", "sent", "set",
    "shaken", "shown", "shut", "sold", "sought", "spent", "spoken", "spread", "stolen", "struck",
    "stuck", "sung", "swept", "sworn", "taken", "taught", "thought", "thrown", "told", "torn",
    "understood", "undertaken", "upheld", "withdrawn", "withheld", "woken", "won", "worn",
    "written",
};

/* "-ed" words that after "to be" mostly describe a state, and "-ed" words
 * that are not participles at all. */
static const char *const not_passive[] = {
    "aged", "amazed", "annoyed", "ashamed", "balanced", "based", "bed", "bored", "called",
    "closed", "committed", "complicated", "concerned", "confused", "crowded", "dedicated",
    "delighted", "detailed", "determined", "disabled", "disappointed", "divorced",
    "embarrassed", "engaged", "excited", "exhausted", "experienced", "frightened", "hundred",
    "indeed", "interested", "involved", "isolated", "limited", "located", "married", "naked",
    "named", "pleased", "prepared", "qualified", "relaxed", "retired", "sacred", "satisfied",
    "scared", "shed", "situated", "skilled", "supposed", "surprised", "talented", "tired",
    "unemployed", "used", "wicked", "worried", "wretched",
};

/* "-eed" words that are participles; other "-eed" words are not. */
static const char *const eed_participles[] = { "agreed", "decreed", "freed", "guaranteed" };

static bool ends_with_str(const char *w, size_t n, const char *s)
{
    size_t k = strlen(s);
    return n >= k && memcmp(w + n - k, s, k) == 0;
}

static bool is_participle(const char *w)
{
    size_t n = strlen(w);
    if (STR_IN_SET(w, not_passive))
        return false;
    if (STR_IN_SET(w, irregular_participles))
        return true;
    if (n < 4 || !ends_with_str(w, n, "ed"))
        return false;
    if (ends_with_str(w, n, "eed"))
        return STR_IN_SET(w, eed_participles);
    return true;
}

static bool only_spaces(const char *text, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (text[i] != ' ' && text[i] != '\n' && text[i] != '\t')
            return false;
    return true;
}

/* Finds "be (filler) (filler) participle" in a sentence; returns the index
 * of the form of "be", with *last the participle's, or (size_t)-1. */
static size_t find_passive(const char *text, const SentenceSplit *sp, const TextSentence *s,
                           size_t *last)
{
    char w[32];
    size_t end = s->first_word + s->word_count;
    for (size_t i = s->first_word; i < end; i++) {
        if (sp->words[i].len >= sizeof w)
            continue;
        word_fold(text + sp->words[i].start, sp->words[i].len, w, sizeof w);
        if (!STR_IN_SET(w, be_forms))
            continue;
        for (size_t j = i + 1, fillers = 0; j < end && fillers <= 2; j++) {
            /* Only spaces between the words: "Status is: Done" is a label. */
            if (sp->words[j].len >= sizeof w ||
                !only_spaces(text, sp->words[j - 1].start + sp->words[j - 1].len, sp->words[j].start))
                break;
            size_t n = word_fold(text + sp->words[j].start, sp->words[j].len, w, sizeof w);
            if (is_participle(w)) {
                *last = j;
                return i;
            }
            bool adverb = (n > 4 && ends_with_str(w, n, "ly")) || STR_IN_SET(w, passive_fillers);
            if (!adverb)
                break;
            fillers++;
        }
    }
    return (size_t)-1;
}

/* ---- acronyms and capitals ------------------------------------------ */

static const char *const known_acronyms[] = {
    "AM", "ATM", "BBC", "CCTV", "COVID", "DIY", "DVD", "EU", "GP", "HIV", "ID", "ITV", "MP",
    "NHS", "OK", "PDF", "PM", "TV", "UK", "UN", "US", "USA", "VAT",
};

static bool is_roman_numeral(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != 'I' && s[i] != 'V' && s[i] != 'X')
            return false;
    return true;
}

/* The length of the acronym at s (capital letters, at least 2, at most
 * 10) when the whole part is one, allowing a plural or possessive after
 * it; 0 otherwise. */
static size_t acronym_length(const char *s, size_t n)
{
    size_t k = 0;
    while (k < n && s[k] >= 'A' && s[k] <= 'Z')
        k++;
    if (k < 2 || k > 10)
        return 0;
    size_t rest = n - k;
    if (rest == 0 || (rest == 1 && s[k] == 's'))
        return k;
    if (s[k] == '\'' || (unsigned char)s[k] == 0xE2)   /* 's or ’s */
        return k;
    return 0;
}

static size_t skip_spaces_back(const char *text, size_t i)
{
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\n'))
        i--;
    return i;
}

/* Is the acronym at text[start, start+len) explained where it stands? */
static bool acronym_explained(const char *text, size_t tlen, size_t start, size_t len)
{
    if (start > 0 && text[start - 1] == ABBR_OPEN)
        return true;
    size_t before = skip_spaces_back(text, start);
    size_t after = start + len;
    if (after < tlen && text[after] == 's')
        after++;
    /* "Full Name (FN)" */
    if (before > 0 && text[before - 1] == '(' && after < tlen && text[after] == ')')
        return true;
    /* "FN (Full Name)": a bracket opening onto a word that is not capitals. */
    size_t p = after;
    while (p < tlen && text[p] == ' ')
        p++;
    if (p < tlen && text[p] == '(') {
        TextWord w;
        size_t pos = p + 1;
        if (text_next_word(text, tlen, &pos, &w) && w.start == p + 1 &&
            !word_is_upper(text + w.start, w.len))
            return true;
    }
    return false;
}

typedef struct PageState {
    StrList acronyms_seen;   /* every acronym met so far on the page */
} PageState;

static void check_acronyms(const TextBlock *b, const SentenceSplit *sp, const bool *in_caps,
                           PageState *page, FindingList *out)
{
    for (size_t i = 0; i < sp->word_count; i++) {
        if (in_caps[i])
            continue;
        const char *w = b->text + sp->words[i].start;
        size_t wl = sp->words[i].len;
        /* Each hyphen-separated part on its own: "COVID-19", "NHS-funded". */
        for (size_t ps = 0; ps < wl;) {
            size_t pe = ps;
            while (pe < wl && w[pe] != '-')
                pe++;
            size_t k = acronym_length(w + ps, pe - ps);
            if (k && !is_roman_numeral(w + ps, k)) {
                char acr[16];
                memcpy(acr, w + ps, k);
                acr[k] = '\0';
                if (!STR_IN_SET(acr, known_acronyms) && !sl_contains(&page->acronyms_seen, acr)) {
                    sl_push(&page->acronyms_seen, acr);
                    size_t at = sp->words[i].start + ps;
                    if (!acronym_explained(b->text, b->len, at, k))
                        text_block_report(out, &rule_acronym, b->node, b->text, at, acr,
                            "Spell out \"%s\" the first time it is used on the page: write the "
                            "words in full with the letters after them in brackets, for example "
                            "\"Full Name (%s)\", or mark it up as <abbr title=\"Full Name\">%s</abbr>.",
                            acr, acr, acr);
                }
            }
            ps = pe + 1;
        }
    }
}

/* Marks runs of 3 or more words in capitals (2 of them longer than one
 * letter, so "I" and "A" alone do not start one) and reports each run. */
static void check_capitals(const TextBlock *b, const SentenceSplit *sp, bool *in_caps,
                           FindingList *out)
{
    size_t i = 0;
    while (i < sp->word_count) {
        size_t j = i, long_words = 0;
        while (j < sp->word_count && word_is_upper(b->text + sp->words[j].start, sp->words[j].len)) {
            long_words += sp->words[j].len > 1;
            j++;
        }
        if (j - i >= 3 && long_words >= 2) {
            for (size_t k = i; k < j; k++)
                in_caps[k] = true;
            size_t from = sp->words[i].start, to = sp->words[j - 1].start + sp->words[j - 1].len;
            char *run = text_excerpt(b->text, from, to);
            text_block_report(out, &rule_capitals, b->node, b->text, from, run,
                "Text in capital letters is harder to read, and screen readers may spell it out "
                "letter by letter. Write it in ordinary sentence case; use bold if it must stand out.");
            free(run);
        }
        i = j > i ? j : i + 1;
    }
}

/* ---- sentences, paragraphs, words ----------------------------------- */

static void check_sentences(const TextBlock *b, const SentenceSplit *sp, FindingList *out)
{
    for (size_t s = 0; s < sp->count; s++) {
        const TextSentence *st = &sp->sentences[s];
        if (st->word_count <= SENTENCE_WORDS)
            continue;
        char *sentence = text_excerpt(b->text, st->start, st->end);
        if (st->word_count > SENTENCE_WORDS_MAX)
            text_block_report(out, &rule_sentence_very_long, b->node, b->text, st->start, sentence,
                "This sentence has %zu words. Most readers lose track of a sentence longer than "
                "%d words: split it into sentences of %d words or fewer.",
                st->word_count, SENTENCE_WORDS_MAX, SENTENCE_WORDS);
        else
            text_block_report(out, &rule_sentence_long, b->node, b->text, st->start, sentence,
                "This sentence has %zu words. Sentences of %d words or fewer are easier to read: "
                "split it in two, or take out words it does not need.",
                st->word_count, SENTENCE_WORDS);
        free(sentence);
    }
}

static void check_passive(const TextBlock *b, const SentenceSplit *sp, FindingList *out)
{
    for (size_t s = 0; s < sp->count; s++) {
        size_t last;
        size_t first = find_passive(b->text, sp, &sp->sentences[s], &last);
        if (first == (size_t)-1)
            continue;
        char *words = text_excerpt(b->text, sp->words[first].start,
                                   sp->words[last].start + sp->words[last].len);
        char *sentence = text_excerpt(b->text, sp->sentences[s].start, sp->sentences[s].end);
        text_block_report(out, &rule_passive, b->node, b->text, sp->words[first].start, sentence,
            "\"%s\" may be passive. Say who does what: \"we will decide\" is clearer than "
            "\"it will be decided\".", words);
        free(words);
        free(sentence);
    }
}

static void check_plain_words(const TextBlock *b, const SentenceSplit *sp, FindingList *out)
{
    /* One report per entry per block: a word used three times in a
     * paragraph is one thing to fix there. */
    const PlainWord *seen[32];
    size_t nseen = 0;
    for (size_t i = 0; i < sp->word_count; i++) {
        size_t matched;
        const PlainWord *pw = plain_words_match(b->text, sp->words, sp->word_count, i, &matched);
        if (!pw)
            continue;
        bool again = false;
        for (size_t k = 0; k < nseen; k++)
            again |= seen[k] == pw;
        if (!again) {
            if (nseen < sizeof seen / sizeof *seen)
                seen[nseen++] = pw;
            size_t from = sp->words[i].start;
            size_t to = sp->words[i + matched - 1].start + sp->words[i + matched - 1].len;
            char *found = text_excerpt(b->text, from, to);
            text_block_report(out, &rule_plain_words, b->node, b->text, from, found,
                "Use a plainer word: write \"%s\" instead of \"%s\".", pw->instead, found);
            free(found);
        }
        i += matched - 1;
    }
}

void plain_english_check(xmlNodePtr main_root, FindingList *out, ReadingScores *scores)
{
    TextBlocks blocks = {0};
    text_blocks_collect(main_root, &blocks);
    SentenceSplit sp = {0};
    PageState page = {0};
    bool *in_caps = NULL;
    size_t in_caps_cap = 0;

    for (size_t bi = 0; bi < blocks.count; bi++) {
        const TextBlock *b = &blocks.items[bi];
        sentences_split(b->text, b->len, &sp);
        GROW_TO(in_caps, sp.word_count, in_caps_cap);
        memset(in_caps, 0, sp.word_count * sizeof *in_caps);

        bool prose = b->kind != BLOCK_HEADING && b->kind != BLOCK_TERM;
        check_capitals(b, &sp, in_caps, out);
        check_acronyms(b, &sp, in_caps, &page, out);
        if (b->kind != BLOCK_TERM)
            check_plain_words(b, &sp, out);
        if (!prose)
            continue;
        check_sentences(b, &sp, out);
        if (b->kind == BLOCK_PARAGRAPH && sp.count > PARAGRAPH_SENTENCES) {
            char *first = text_excerpt(b->text, sp.sentences[0].start, sp.sentences[0].end);
            text_block_report(out, &rule_paragraph_long, b->node, b->text, sp.sentences[0].start, first,
                "This paragraph has %zu sentences. Keep paragraphs to %d sentences or fewer: start a "
                "new paragraph where the subject changes.", sp.count, PARAGRAPH_SENTENCES);
            free(first);
        }
        check_passive(b, &sp, out);
        if (scores)
            readability_add_split(b->text, &sp, scores);
    }
    free(in_caps);
    sl_free(&page.acronyms_seen);
    sentences_free(&sp);
    text_blocks_free(&blocks);
}

void plain_english_measure(xmlNodePtr main_root, ReadingScores *scores)
{
    TextBlocks blocks = {0};
    text_blocks_collect(main_root, &blocks);
    SentenceSplit sp = {0};
    for (size_t bi = 0; bi < blocks.count; bi++) {
        const TextBlock *b = &blocks.items[bi];
        if (b->kind == BLOCK_HEADING || b->kind == BLOCK_TERM)
            continue;                   /* not prose: as plain_english_check counts */
        sentences_split(b->text, b->len, &sp);
        readability_add_split(b->text, &sp, scores);
    }
    sentences_free(&sp);
    text_blocks_free(&blocks);
}
