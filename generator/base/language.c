/* language.c: scripts, directions and names of languages (language.h). */
#include "language.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

typedef struct LikelyScript {
    const char *language;     /* primary subtag */
    const char *script;       /* CLDR likelySubtags */
} LikelyScript;

/* Languages whose likely script is not Latin, from CLDR's likelySubtags.
 * Every language CLDR writes in a right-to-left script by default is
 * here; a language missing from the table is taken as Latin, which is
 * right for most of the rest and for every unknown private-use tag. */
static const LikelyScript likely_scripts[] = {
    {"am", "Ethi"}, {"ar", "Arab"}, {"arz", "Arab"}, {"ary", "Arab"}, {"arq", "Arab"}, {"apc", "Arab"},
    {"acm", "Arab"}, {"afb", "Arab"}, {"ajp", "Arab"}, {"apd", "Arab"}, {"as", "Beng"}, {"azb", "Arab"},
    {"bal", "Arab"}, {"be", "Cyrl"}, {"bg", "Cyrl"}, {"bn", "Beng"}, {"bo", "Tibt"}, {"bqi", "Arab"},
    {"brh", "Arab"}, {"ckb", "Arab"}, {"dv", "Thaa"}, {"dz", "Tibt"}, {"el", "Grek"}, {"fa", "Arab"},
    {"glk", "Arab"}, {"gu", "Gujr"}, {"haz", "Arab"}, {"he", "Hebr"}, {"hi", "Deva"}, {"hy", "Armn"},
    {"iw", "Hebr"}, {"ja", "Jpan"}, {"ji", "Hebr"}, {"jrb", "Hebr"}, {"ka", "Geor"}, {"khw", "Arab"},
    {"kk", "Cyrl"}, {"km", "Khmr"}, {"kn", "Knda"}, {"ko", "Kore"}, {"ks", "Arab"}, {"ky", "Cyrl"},
    {"lad", "Hebr"}, {"lah", "Arab"}, {"lo", "Laoo"}, {"lrc", "Arab"}, {"luz", "Arab"}, {"mai", "Deva"},
    {"mk", "Cyrl"}, {"ml", "Mlym"}, {"mn", "Cyrl"}, {"mr", "Deva"}, {"my", "Mymr"}, {"mzn", "Arab"},
    {"ne", "Deva"}, {"nqo", "Nkoo"}, {"or", "Orya"}, {"pa", "Guru"}, {"pnb", "Arab"}, {"prs", "Arab"},
    {"ps", "Arab"}, {"rhg", "Rohg"}, {"ru", "Cyrl"}, {"sa", "Deva"}, {"sd", "Arab"}, {"sdh", "Arab"},
    {"si", "Sinh"}, {"skr", "Arab"}, {"sr", "Cyrl"}, {"syr", "Syrc"}, {"ta", "Taml"}, {"te", "Telu"},
    {"tg", "Cyrl"}, {"th", "Thai"}, {"ti", "Ethi"}, {"tt", "Cyrl"}, {"ug", "Arab"}, {"uk", "Cyrl"},
    {"ur", "Arab"}, {"yi", "Hebr"}, {"yue", "Hant"}, {"zh", "Hans"},
};

/* Scripts Unicode writes right to left (Bidi_Class R or AL). */
static const char *const rtl_scripts[] = {
    "Adlm", "Arab", "Armi", "Avst", "Chrs", "Cprt", "Elym", "Hatr", "Hebr", "Hung", "Khar", "Lydi",
    "Mand", "Mani", "Mend", "Narb", "Nbat", "Nkoo", "Orkh", "Ougr", "Palm", "Phli", "Phlp", "Phnx",
    "Prti", "Rohg", "Samr", "Sarb", "Sogd", "Sogo", "Syrc", "Thaa", "Yezi",
};

typedef struct Autonym {
    const char *language;
    const char *name;
} Autonym;

/* Names as the language's own speakers write them (CLDR), for the
 * languages most asked for in UK public services. */
static const Autonym autonyms[] = {
    {"am", "አማርኛ"}, {"ar", "العربية"}, {"bg", "Български"}, {"bn", "বাংলা"}, {"ckb", "کوردی"},
    {"cs", "Čeština"}, {"cy", "Cymraeg"}, {"de", "Deutsch"}, {"el", "Ελληνικά"}, {"en", "English"},
    {"es", "Español"}, {"fa", "فارسی"}, {"fr", "Français"}, {"ga", "Gaeilge"}, {"gd", "Gàidhlig"},
    {"gu", "ગુજરાતી"}, {"he", "עברית"}, {"hi", "हिन्दी"}, {"hu", "Magyar"}, {"it", "Italiano"},
    {"ku", "Kurdî"}, {"kw", "Kernewek"}, {"lt", "Lietuvių"}, {"lv", "Latviešu"}, {"ml", "മലയാളം"},
    {"ne", "नेपाली"}, {"nl", "Nederlands"}, {"pa", "ਪੰਜਾਬੀ"}, {"pl", "Polski"}, {"ps", "پښتو"},
    {"pt", "Português"}, {"ro", "Română"}, {"ru", "Русский"}, {"sk", "Slovenčina"}, {"so", "Soomaali"},
    {"sq", "Shqip"}, {"sw", "Kiswahili"}, {"ta", "தமிழ்"}, {"ti", "ትግርኛ"}, {"tl", "Tagalog"},
    {"tr", "Türkçe"}, {"uk", "Українська"}, {"ur", "اردو"}, {"vi", "Tiếng Việt"}, {"yi", "ייִדיש"},
    {"yo", "Yorùbá"}, {"zh", "中文"},
};

/* The primary subtag, lowercased, into out. */
static void primary_subtag(const char *tag, char out[9])
{
    size_t n = 0;
    while (tag[n] && tag[n] != '-' && tag[n] != '_' && n < 8) {
        out[n] = (char)tolower((unsigned char)tag[n]);
        n++;
    }
    out[n] = '\0';
}

/* The script subtag (four letters after the primary), or NULL. */
static const char *script_subtag(const char *tag, char out[5])
{
    const char *p = strchr(tag, '-');
    while (p) {
        const char *s = p + 1;
        size_t n = strcspn(s, "-");
        if (n == 4 && isalpha((unsigned char)s[0]) && isalpha((unsigned char)s[1]) &&
            isalpha((unsigned char)s[2]) && isalpha((unsigned char)s[3])) {
            out[0] = (char)toupper((unsigned char)s[0]);
            for (int i = 1; i < 4; i++)
                out[i] = (char)tolower((unsigned char)s[i]);
            out[4] = '\0';
            return out;
        }
        /* The script comes straight after the language (and extlang). */
        if (n != 3 || !isalpha((unsigned char)s[0]))
            return NULL;
        p = strchr(s, '-');
    }
    return NULL;
}

const char *language_script(const char *tag)
{
    static _Thread_local char explicit_script[5];
    if (!tag)
        return "Latn";
    if (script_subtag(tag, explicit_script))
        return explicit_script;
    char primary[9];
    primary_subtag(tag, primary);
    for (size_t i = 0; i < sizeof likely_scripts / sizeof likely_scripts[0]; i++)
        if (!strcmp(likely_scripts[i].language, primary))
            return likely_scripts[i].script;
    return "Latn";
}

bool language_is_rtl(const char *tag)
{
    const char *script = language_script(tag);
    for (size_t i = 0; i < sizeof rtl_scripts / sizeof rtl_scripts[0]; i++)
        if (!strcmp(rtl_scripts[i], script))
            return true;
    return false;
}

const char *language_autonym(const char *tag)
{
    char primary[9];
    primary_subtag(tag, primary);
    for (size_t i = 0; i < sizeof autonyms / sizeof autonyms[0]; i++)
        if (!strcmp(autonyms[i].language, primary))
            return autonyms[i].name;
    return tag;
}

bool language_is_english(const char *tag)
{
    char primary[9];
    primary_subtag(tag ? tag : "", primary);
    return !strcmp(primary, "en");
}

bool language_same(const char *a, const char *b)
{
    return a && b && !strcasecmp(a, b);
}

bool language_tag_usable(const char *tag)
{
    size_t letters = 0;
    while (isalpha((unsigned char)tag[letters]))
        letters++;
    if (letters < 2 || letters > 3 || (tag[letters] && tag[letters] != '-'))
        return false;
    for (const char *p = tag; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-')
            return false;
    return tag[strlen(tag) - 1] != '-';
}
