/* test_languages.c: a site published in several languages.
 *
 * Scripts and directions, plural rules, and `sayso build` of a site with
 * `languages: [en-GB, cy, ur]`: each language's pages and hub, their lang,
 * dir and hreflang, the language switcher, theme words in Welsh, and
 * translations flagged when their English changes.  Build tests run the
 * sayso binary (SAYSO_BIN) on a site written into a temporary folder.
 */
#define TESTUTIL_SITE
#include "testutil.h"
#include "language.h"
#include "util.h"
#include "words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void assert_has(const char *text, const char *needle)
{
    if (!strstr(text, needle))
        fail_msg("expected to find: %s", needle);
}

static void assert_lacks(const char *text, const char *needle)
{
    if (strstr(text, needle))
        fail_msg("did not expect to find: %s", needle);
}

static int run(const char *args, char **output)
{
    return sayso_run(args, output);
}

static const char site_yml[] =
    TESTBURY_TITLE TESTBURY_BASE_URL
    "languages: [en-GB, cy, ur]\n"
    TESTBURY_CONTACT;

static const char pack[] =
    NEW_PARK_FRONT
    "topics: [parks]\n"
    "areas: [Northside]\n"
    NEW_PARK_WHY
    "We want to hear from you.\n";

static const char pack_cy[] =
    "---\n"
    "title: Parc newydd i Testbury\n"
    "summary: Rydyn ni eisiau gwneud parc newydd. Dywedwch wrthym beth yw eich barn.\n"
    "---\n"
    "\n"
    "## Pam rydyn ni'n gofyn\n"
    "\n"
    "Rydyn ni eisiau clywed gennych chi.\n";

static const char pack_ur[] =
    "---\n"
    "title: ٹیسٹبری کے لیے نیا پارک\n"
    "summary: ہم ایک نیا پارک بنانا چاہتے ہیں۔ ہمیں اپنی رائے بتائیں۔\n"
    "---\n"
    "\n"
    "## ہم کیوں پوچھ رہے ہیں\n"
    "\n"
    "ہم آپ کی رائے سننا چاہتے ہیں۔\n";

static int setup(void **state)
{
    (void)state;
    if (!tmp_root_make("lang"))
        return -1;
    put("site/site.yml", site_yml);
    put("site/consultations/new-park/index.md", pack);
    put("site/consultations/new-park/easy-read.md",
        "# A new park\n\n![A park](picture:park) We want to make a new park.\n");
    put("site/consultations/new-park/index.cy.md", pack_cy);
    put("site/consultations/new-park/easy-read.cy.md",
        "# Parc newydd\n\n![Parc](picture:park) Rydyn ni eisiau gwneud parc newydd.\n");
    put("site/consultations/new-park/index.ur.md", pack_ur);
    put("site/pages/about.md", "---\ntitle: About\n---\n\nThis site is for testing.\n");
    put("site/pages/about.cy.md", "---\ntitle: Amdanom ni\nsummary: Am y wefan hon.\n---\n\nMae'r wefan hon ar gyfer profi.\n");
    return 0;
}

static void test_direction_follows_the_script(void **state)
{
    (void)state;
    static const char *const rtl[] = {"ur", "ar", "fa", "he", "ps", "ckb", "yi", "dv", "syr", "nqo", "rhg",
                                      "ur-PK", "pa-Arab", "az-Arab", "ff-Adlm", "ks", "sd", "ug", NULL};
    static const char *const ltr[] = {"en-GB", "cy", "pl", "so", "ro", "pa", "hi", "zh", "ku", "ff",
                                      "sd-Deva", "uz-Latn", "tr", "qaa", NULL};
    for (const char *const *t = rtl; *t; t++)
        if (!language_is_rtl(*t))
            fail_msg("%s is written right to left", *t);
    for (const char *const *t = ltr; *t; t++)
        if (language_is_rtl(*t))
            fail_msg("%s is written left to right", *t);
    assert_string_equal(language_script("pa-Arab"), "Arab");
    assert_string_equal(language_script("ur"), "Arab");
    assert_string_equal(language_script("cy"), "Latn");
    assert_string_equal(language_autonym("cy"), "Cymraeg");
    assert_string_equal(language_autonym("ur"), "اردو");
    assert_string_equal(language_autonym("pl-PL"), "Polski");
    assert_string_equal(language_autonym("xyz"), "xyz");
}

static void test_plural_rules_follow_cldr(void **state)
{
    (void)state;
    static const char *const welsh[] = {"zero", "one", "two", "few", "other", "other", "many", "other"};
    for (long n = 0; n < 8; n++)
        assert_string_equal(words_plural_category("cy", n), welsh[n]);
    assert_string_equal(words_plural_category("cy", 100), "other");
    assert_string_equal(words_plural_category("en-GB", 1), "one");
    assert_string_equal(words_plural_category("en-GB", 0), "other");
    assert_string_equal(words_plural_category("pl", 22), "few");
    assert_string_equal(words_plural_category("pl", 12), "many");
    assert_string_equal(words_plural_category("ar", 11), "many");
    assert_string_equal(words_plural_category("ur", 1), "one");
}

static void test_each_language_gets_its_pages_and_hub(void **state)
{
    (void)state;
    char *out;
    int rc = run("build site -o out --now 2026-11-23", &out);
    if (rc != 0)
        fail_msg("build failed: %s", out);
    free(out);
    static const char *const pages[] = {
        "out/consultations/new-park/cy/index.html", "out/consultations/new-park/cy/easy-read/index.html",
        "out/consultations/new-park/cy/large-print/index.html", "out/consultations/new-park/cy/comment-card/index.html",
        "out/consultations/new-park/ur/index.html", "out/consultations/new-park/ur/easy-read/index.html",
        "out/cy/index.html", "out/cy/topics/parks/index.html", "out/cy/areas/northside/index.html",
        "out/ur/index.html", "out/pages/about/cy/index.html", NULL};
    for (const char *const *p = pages; *p; p++)
        if (!exists(*p))
            fail_msg("%s was not built", *p);
    assert_false(exists("out/pages/about/ur/index.html"));
    /* Translations are built, not published as files of the pack. */
    assert_false(exists("out/consultations/new-park/index.cy.md"));

    char *en = slurp("out/consultations/new-park/index.html");
    assert_has(en, "<html lang=\"en-GB\">");
    assert_has(en, "<link rel=\"alternate\" hreflang=\"cy\" href=\"../../consultations/new-park/cy/\">");
    assert_has(en, "<link rel=\"alternate\" hreflang=\"ur\" href=\"../../consultations/new-park/ur/\">");
    assert_has(en, "hreflang=\"cy\" lang=\"cy\" dir=\"ltr\"><span class=\"lang-name\">Cymraeg</span>");
    assert_has(en, "hreflang=\"ur\" lang=\"ur\" dir=\"rtl\"><span class=\"lang-name\">اردو</span>");
    assert_has(en, "hreflang=\"en-GB\" lang=\"en-GB\" dir=\"ltr\" aria-current=\"page\"><span class=\"lang-name\">English</span>");
    free(en);

    char *cy = slurp("out/consultations/new-park/cy/easy-read/index.html");
    assert_has(cy, "<html lang=\"cy\">");
    assert_has(cy, "<link rel=\"alternate\" hreflang=\"en-GB\" href=\"../../../../consultations/new-park/easy-read/\">");
    assert_has(cy, "<link rel=\"alternate\" hreflang=\"ur\" href=\"../../../../consultations/new-park/ur/easy-read/\">");
    assert_has(cy, "aria-current=\"page\"><span class=\"lang-name\">Cymraeg</span>");
    assert_has(cy, "Parc newydd");
    free(cy);

    char *ur = slurp("out/consultations/new-park/ur/index.html");
    assert_has(ur, "<html lang=\"ur\" dir=\"rtl\">");
    assert_has(ur, "script-arab");
    assert_has(ur, "<link rel=\"alternate\" hreflang=\"cy\" href=\"../../../consultations/new-park/cy/\">");
    free(ur);

    /* Each language finds its own way in: an A to Z and a search index of
     * the packs as its hub lists them, in its words. */
    char *az = slurp("out/cy/a-z/index.html");
    assert_has(az, "<h1>Ymgynghoriadau o A i Y</h1>");
    assert_has(az, "href=\"../../consultations/new-park/cy/\" dir=\"auto\">Parc newydd i Testbury</a>");
    assert_has(az, "Ar agor");
    free(az);
    char *records = slurp("out/cy/search/packs/0.json");
    assert_has(records, "[\"Parc newydd i Testbury\",\"../consultations/new-park/cy/\",\"Ar agor\"");
    free(records);
    assert_true(exists("out/ur/a-z/index.html"));
    assert_true(exists("out/ur/search/meta.json"));

    char *hub = slurp("out/cy/index.html");
    assert_has(hub, "<html lang=\"cy\">");
    assert_has(hub, "action=\"../cy/a-z/\" data-index=\"../cy/search/\"");
    assert_has(hub, "href=\"../consultations/new-park/cy/\">Parc newydd i Testbury</a>");
    assert_has(hub, "href=\"../cy/topics/parks/\"");
    assert_has(hub, "<link rel=\"alternate\" hreflang=\"en-GB\" href=\"../\">");
    free(hub);

    /* The about page has no Urdu: the switcher says so and offers the Urdu hub. */
    char *about = slurp("out/pages/about/cy/index.html");
    assert_has(about, "<html lang=\"cy\">");
    assert_has(about, "Amdanom ni");
    assert_has(about, "href=\"../../../ur/\" hreflang=\"ur\" lang=\"ur\" dir=\"rtl\"><span class=\"lang-name\">اردو</span>"
                      "<span class=\"lang-missing\"> <span>");
    assert_lacks(about, "hreflang=\"ur\" href=");
    free(about);
}

/* Every English theme word that Welsh says differently, as it appears in
 * the page source (HTML-escaped apostrophes are not a concern: no English
 * word checked has one). */
static void test_welsh_pages_have_no_english_theme_words(void **state)
{
    (void)state;
    char *out;
    if (run("build site -o words --now 2026-11-23", &out) != 0)
        fail_msg("build failed: %s", out);
    free(out);
    char *en = read_file("themes/default/strings/en.yml", NULL);
    char *cy = read_file("themes/default/strings/cy.yml", NULL);
    assert_non_null(en);
    assert_non_null(cy);
    static const char *const pages[] = {"words/consultations/new-park/cy/index.html",
        "words/consultations/new-park/cy/easy-read/index.html", "words/consultations/new-park/cy/large-print/index.html",
        "words/consultations/new-park/cy/comment-card/index.html", "words/cy/index.html",
        "words/cy/topics/parks/index.html", NULL};
    char **html = xcalloc(8, sizeof *html);
    for (int i = 0; pages[i]; i++)
        html[i] = slurp(pages[i]);
    size_t checked = 0;
    for (char *line = en; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        char *colon = strstr(line, ": \"");
        if (line[0] != '#' && line[0] != ' ' && colon) {
            char *value = xstrdup(colon + 3);
            value[strlen(value) - 1] = '\0';
            char *key = xstrndup(line, (size_t)(colon - line));
            char *cy_line = xasprintf("\n%s: \"%s\"", key, value);
            bool same_in_welsh = strstr(cy, cy_line) != NULL;
            /* Longer than a word or two, so it cannot be a Welsh word too. */
            if (!same_in_welsh && strlen(value) >= 9 && !strchr(value, '{') && !strchr(value, '\'')) {
                checked++;
                for (int i = 0; pages[i]; i++)
                    if (strstr(html[i], value))
                        fail_msg("%s still says \"%s\" (%s) in English", pages[i], value, key);
            }
            free(cy_line);
            free(key);
            free(value);
        }
        line = nl ? nl + 1 : NULL;
    }
    assert_true(checked > 60);
    char *page = html[0];
    assert_has(page, "Neidio i'r prif gynnwys");
    assert_has(page, "Ar agor");
    assert_has(page, "Dydd Sul 20 Rhagfyr 2026");          /* closes, in Welsh */
    assert_has(page, "Yn cau mewn 27 diwrnod, ar Dydd Sul 20 Rhagfyr 2026");
    for (int i = 0; pages[i]; i++)
        free(html[i]);
    free(html);
    free(en);
    free(cy);
}

static void test_stale_translations_are_flagged(void **state)
{
    (void)state;
    char *out;
    assert_int_equal(run("translation mark new-park cy site", &out), 0);
    assert_has(out, "consultations/new-park/index.cy.md marked as translated from the source as it is now");
    free(out);
    char *marked = slurp("site/consultations/new-park/index.cy.md");
    assert_has(marked, "\ntranslated_from: ");
    free(marked);
    assert_int_equal(run("build site -o stale --now 2026-11-23", &out), 0);
    assert_lacks(out, "index.cy.md:4: warning: this translation may be out of date");
    assert_has(out, "consultations/new-park/index.ur.md:1: warning: this translation does not say which version");
    free(out);
    char *page = slurp("stale/consultations/new-park/cy/index.html");
    assert_lacks(page, "translation-stale");
    free(page);

    /* A new date is not a new text: still up to date. */
    char *moved = xstrdup(pack);
    memcpy(strstr(moved, "2026-12-20"), "2026-12-21", 10);
    put("site/consultations/new-park/index.md", moved);
    free(moved);
    assert_int_equal(run("build site -o stale --now 2026-11-23", &out), 0);
    assert_lacks(out, "index.cy.md:4: warning");
    free(out);

    /* The English changes: flagged in the build and on the Welsh page, in
     * Welsh, on a fresh copy of the site with no cache. */
    StrBuf changed;
    sb_init(&changed);
    sb_printf(&changed, "%sWe have added a second question.\n", pack);
    put("site/consultations/new-park/index.md", changed.data);
    sb_free(&changed);
    char *copy = xasprintf("cp -r '%s/site' '%s/clone'", tmp_root, tmp_root);
    assert_int_equal(system(copy), 0);
    free(copy);
    assert_int_equal(run("build clone -o fresh --now 2026-11-23", &out), 0);
    assert_has(out, "consultations/new-park/index.cy.md:4: warning: this translation may be out of date: "
                    "consultations/new-park/index.md has changed since it was translated");
    free(out);
    page = slurp("fresh/consultations/new-park/cy/index.html");
    assert_has(page, "Efallai nad yw'r cyfieithiad hwn yn gyfredol");
    assert_has(page, "href=\"../../../consultations/new-park/\" lang=\"en-GB\" hreflang=\"en-GB\">English</a>");
    free(page);
    char *report = slurp("fresh/report/new-park/index.html");
    assert_has(report, "may be out of date");
    free(report);

    /* Pages are flagged the same way. */
    assert_int_equal(run("translation mark about cy clone", NULL), 0);
    put("clone/pages/about.md", "---\ntitle: About\n---\n\nThis site is for testing, and more.\n");
    assert_int_equal(run("build clone -o fresh --now 2026-11-23", &out), 0);
    assert_has(out, "pages/about.cy.md:4: warning: this translation may be out of date: pages/about.md has changed");
    free(out);
    page = slurp("fresh/pages/about/cy/index.html");
    assert_has(page, "Efallai nad yw'r cyfieithiad hwn yn gyfredol");
    assert_has(page, "<a href=\"../\" lang=\"en-GB\" hreflang=\"en-GB\">English</a>");
    free(page);

    /* Marked again once the translator has caught up. */
    assert_int_equal(run("translation mark new-park cy clone", NULL), 0);
    assert_int_equal(run("build clone -o fresh --now 2026-11-23", &out), 0);
    assert_lacks(out, "index.cy.md:4: warning");
    free(out);
    put("site/consultations/new-park/index.md", pack);
}

static void test_missing_words_fall_back_to_english_once(void **state)
{
    (void)state;
    put("poly/site.yml", "title: Polish test\nlanguages: [en-GB, pl]\n");
    put("poly/consultations/park/index.md", pack);
    put("poly/consultations/park/index.pl.md",
        "---\ntitle: Nowy park\nsummary: Chcemy zrobić nowy park.\ntranslated_from: 0\n---\n\nChcemy poznać Twoje zdanie.\n");
    /* A site's own strings override the theme's, key by key. */
    put("poly/themes/default/strings/pl.yml", "skip_link: \"Przejdź do treści\"\n");
    char *out;
    assert_int_equal(run("build poly -o poly-out --now 2026-11-23", &out), 0);
    assert_has(out, "themes: warning: strings/pl.yml lacks ");
    assert_has(out, "shown in English on pl pages: a_to_z_also, ");
    assert_has(out, " alt_calendar, ");
    assert_has(out, " alt_email, ");
    assert_has(out, ", nav_label, ");
    assert_lacks(out, ", skip_link, ");     /* the site gave that one */
    const char *first = strstr(out, "strings/pl.yml lacks");
    assert_null(strstr(first + 1, "strings/pl.yml lacks"));
    free(out);
    char *page = slurp("poly-out/consultations/park/pl/index.html");
    assert_has(page, "<a class=\"skip-link\" href=\"#main\">Przejdź do treści</a>");
    /* English left in a Polish page says it is English (WCAG 3.1.2). */
    assert_has(page, "<h2 id=\"respond-heading\" lang=\"en\">How to have your say</h2>");
    free(page);
}

/* A quoted Welsh or Urdu name in an English page gets its own lang, with
 * raw HTML off; other raw HTML is still left out. */
static void test_span_marks_another_language_in_markdown(void **state)
{
    (void)state;
    put("spans/site.yml", "title: Spans\n");
    put("spans/pages/about.md", "---\ntitle: About\n---\n\n"
        "Our Welsh name is <span lang=\"cy\">Cyngor Testbury</span>, in Urdu "
        "<span lang=\"ur\">ٹیسٹبری</span>. A <b>bold</b> word and <span lang=\"cy\">an open span.\n");
    char *out;
    assert_int_equal(run("build spans -o spans-out --now 2026-11-23", &out), 0);
    assert_has(out, "pages/about.md:5: warning: raw HTML is turned off");
    free(out);
    char *page = slurp("spans-out/pages/about/index.html");
    assert_has(page, "Our Welsh name is <span lang=\"cy\">Cyngor Testbury</span>, in Urdu "
                     "<span lang=\"ur\" dir=\"rtl\">ٹیسٹبری</span>.");
    assert_has(page, "A <!-- raw HTML omitted -->bold<!-- raw HTML omitted --> word and "
                     "<!-- raw HTML omitted -->an open span.");
    free(page);
}

/* A translation into a language site.yml does not list is neither built
 * nor published as a raw file, and the build says why. */
static void test_unlisted_language_is_named(void **state)
{
    (void)state;
    put("unlisted/site.yml", "title: Unlisted\n");
    put("unlisted/consultations/park/index.md", pack);
    put("unlisted/consultations/park/index.pl.md", "---\ntitle: Nowy park\nsummary: Park.\n---\n\nTekst.\n");
    put("unlisted/consultations/park/plan.v2.md", "A plan.\n");
    put("unlisted/pages/about.md", "---\ntitle: About\n---\n\nAbout.\n");
    put("unlisted/pages/about.cy.md", "---\ntitle: Amdanom\n---\n\nAmdanom.\n");
    char *out;
    assert_int_equal(run("build unlisted -o unlisted-out --now 2026-11-23", &out), 0);
    assert_has(out, "pages/about.cy.md: warning: this looks like a translation into 'cy', which site.yml does "
                    "not list: add cy to `languages:` to publish it");
    assert_has(out, "consultations/park/index.pl.md: warning: this looks like a translation into 'pl'");
    free(out);
    assert_false(exists("unlisted-out/consultations/park/index.pl.md"));
    assert_false(exists("unlisted-out/consultations/park/pl/index.html"));
    assert_true(exists("unlisted-out/consultations/park/plan.v2.md"));
}

/* A translation with its own you-said-we-did.cy.csv gets a "You said, we
 * did" page in Welsh: the built-in hook's own words come from the theme's
 * strings in the pages' language (sayso.word), with Welsh plurals and
 * dates, and none of its English is left on the page. */
static void test_you_said_we_did_in_welsh(void **state)
{
    (void)state;
    static const char header[] = "theme,you_said,we_did,status,reason,follow_up\n";
    put("site/consultations/new-park/you-said-we-did.csv",
        "theme,you_said,we_did,status,reason,follow_up\n"
        "Play,More swings please.,We added four swings.,done,,\n"
        "Play,A paddling pool.,We could not add one.,not-doing,It costs too much to run.,2027-06-01\n");
    char *cy_csv = xasprintf("%s%s", header,
        "Chwarae,Mwy o siglenni os gwelwch yn dda.,Rydyn ni wedi ychwanegu pedair siglen.,done,,\n"
        "Chwarae,Pwll padlo.,Allen ni ddim ychwanegu un.,not-doing,Mae'n costio gormod i'w redeg.,2027-06-01\n");
    put("site/consultations/new-park/you-said-we-did.cy.csv", cy_csv);
    free(cy_csv);
    char *out;
    int rc = run("build site -o ysd-out --now 2027-01-10", &out);
    if (rc != 0)
        fail_msg("build failed: %s", out);
    free(out);
    char *cy = slurp("ysd-out/consultations/new-park/cy/you-said-we-did/index.html");
    assert_non_null(cy);
    assert_has(cy, "Dywedoch chi, gwnaethon ni: Parc newydd i Testbury");
    assert_has(cy, "Dywedoch chi 2 beth wrthym:");                /* Welsh "two" form */
    assert_has(cy, "Wedi’i wneud");      /* Markdown's smart punctuation */
    assert_has(cy, "Allen ni ddim gwneud hyn, oherwydd mae'n costio gormod i'w redeg.");
    assert_has(cy, "Byddwn ni’n edrych ar hyn eto erbyn Dydd Mawrth 1 Mehefin 2027.");
    assert_lacks(cy, "You said");
    assert_lacks(cy, "We could not");
    assert_lacks(cy, "June");
    free(cy);
    char *easy = slurp("ysd-out/consultations/new-park/cy/you-said-we-did/easy-read/index.html");
    assert_has(easy, "Gwnaethon ni 1 peth.");
    assert_has(easy, "alt=\"Tic gwyrdd\"");
    assert_lacks(easy, "You told us");
    free(easy);
    /* The English page keeps its English. */
    char *en = slurp("ysd-out/consultations/new-park/you-said-we-did/index.html");
    assert_has(en, "You told us 2 things:");
    assert_has(en, "We will look at this again by Tuesday 1 June 2027.");
    free(en);
    char *path = path_join(tmp_root, "site/consultations/new-park/you-said-we-did.csv");
    unlink(path);
    free(path);
    path = path_join(tmp_root, "site/consultations/new-park/you-said-we-did.cy.csv");
    unlink(path);
    free(path);
}

/* In a translated hub, a pack with no translation is listed in the source
 * language: its title and summary say so with their lang, but the card's
 * status, dates and links are the hub's own words and keep the page's. */
static void test_untranslated_pack_marks_only_its_own_words(void **state)
{
    (void)state;
    put("site/consultations/bins/index.md",
        "---\ntitle: Bin collections\nsummary: We want to change bin days.\nopens: 2026-11-01\n"
        "closes: 2026-12-20\n---\n\nTell us what you think.\n");
    char *out;
    int rc = run("build site -o untranslated-out --now 2026-11-23", &out);
    if (rc != 0)
        fail_msg("build failed: %s", out);
    free(out);
    char *hub = slurp("untranslated-out/cy/index.html");
    assert_has(hub, "<h3 lang=\"en-GB\"><a href=\"../consultations/bins/\">Bin collections</a></h3>");
    assert_has(hub, "<p lang=\"en-GB\">We want to change bin days.</p>");
    assert_lacks(hub, "<li class=\"card\" lang=");
    free(hub);
    char *path = path_join(tmp_root, "site/consultations/bins/index.md");
    unlink(path);
    free(path);
    path = path_join(tmp_root, "site/consultations/bins");
    rmdir(path);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_direction_follows_the_script),
        cmocka_unit_test(test_plural_rules_follow_cldr),
        cmocka_unit_test(test_each_language_gets_its_pages_and_hub),
        cmocka_unit_test(test_welsh_pages_have_no_english_theme_words),
        cmocka_unit_test(test_stale_translations_are_flagged),
        cmocka_unit_test(test_missing_words_fall_back_to_english_once),
        cmocka_unit_test(test_span_marks_another_language_in_markdown),
        cmocka_unit_test(test_unlisted_language_is_named),
        cmocka_unit_test(test_you_said_we_did_in_welsh),
        cmocka_unit_test(test_untranslated_pack_marks_only_its_own_words),
    };
    return cmocka_run_group_tests_name("languages", tests, setup, remove_tmp_root);
}
