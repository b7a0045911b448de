/* player.c: listening and watching (player.h). */
#include "player.h"
#include "render_internal.h"
#include "dom.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

char *player_length(const Words *words, const char *lang, double seconds)
{
    if (seconds < 0)
        return NULL;
    if (seconds < 60)
        return xstrdup(words_or(words, lang, "listen_less_than_a_minute", "less than a minute"));
    long minutes = lround(seconds / 60.0);
    char *text = words_count(words, lang, "listen_minutes", minutes);
    if (!text)
        text = minutes == 1 ? xstrdup("about 1 minute") : xasprintf("about %ld minutes", minutes);
    return text;
}

static char *size_text(long long bytes)
{
    if (bytes < 1024 * 1024)
        return xasprintf("%lld ", (bytes + 1023) / 1024);
    return xasprintf("%.1f ", (double)bytes / (1024.0 * 1024.0));
}

static const char *mime_type(const Listening *l)
{
    return !strcmp(l->type, "MP3") ? "audio/mpeg" : !strcmp(l->type, "Ogg Opus") ? "audio/ogg; codecs=opus"
                                                                                   : "audio/ogg";
}

/* The player's words in the page's own language: the lang of its <html>. */
typedef struct PlayerWords {
    const Words *words;
    char *lang;
} PlayerWords;

static const char *word(const PlayerWords *pw, const char *key, const char *english)
{
    return words_or(pw->words, pw->lang, key, english);
}

static xmlNodePtr audio_element(xmlDocPtr doc, xmlNodePtr parent, const Listening *l, const PlayerWords *pw)
{
    xmlNodePtr audio = dom_element(doc, parent, "audio", NULL);
    xmlSetProp(audio, BAD_CAST "controls", NULL);   /* a bare boolean attribute */
    dom_set(audio, "preload", "none");
    xmlNodePtr source = dom_element(doc, audio, "source", NULL);
    dom_set(source, "src", l->href);
    dom_set(source, "type", mime_type(l));
    /* Only browsers without <audio> show this. */
    xmlNodePtr a = dom_element(doc, audio, "a", word(pw, "listen_download", "Download the recording"));
    dom_set(a, "href", l->href);
    return audio;
}

static void download_link(xmlDocPtr doc, xmlNodePtr parent, const Listening *l, const PlayerWords *pw,
                          const char *words)
{
    xmlNodePtr p = dom_element(doc, parent, "p", NULL);
    dom_set(p, "class", "listen-download");
    xmlNodePtr a = dom_element(doc, p, "a", words);
    dom_set(a, "href", l->href);
    xmlSetProp(a, BAD_CAST "download", NULL);
    char *size = size_text(l->bytes);
    char *desc = xasprintf(" (%s, %s", l->type, size);
    xmlNodePtr span = dom_element(doc, a, "span", desc);
    dom_set(span, "class", "document-type");
    bool mb = l->bytes >= 1024 * 1024;
    xmlNodePtr abbr = dom_element(doc, span, "abbr", mb ? "MB" : "KB");
    dom_set(abbr, "title", mb ? word(pw, "listen_megabytes", "megabytes") : word(pw, "listen_kilobytes", "kilobytes"));
    xmlAddChild(span, xmlNewDocText(doc, BAD_CAST ")"));
    free(desc);
    free(size);
}

static void plain_player(xmlDocPtr doc, xmlNodePtr section, const Listening *l, const PlayerWords *pw)
{
    xmlNodePtr h = dom_element(doc, section, "h2", word(pw, "listen_heading", "Listen to this page"));
    dom_set(h, "id", "listen-heading");
    audio_element(doc, section, l, pw);
    char *length = player_length(pw->words, pw->lang, l->seconds);
    char *about;
    if (length)
        about = words_fill(l->human ? word(pw, "listen_about_person", "{length}, read by a person. The recording "
                                               "says the words on this page, so the page is its transcript.")
                                    : word(pw, "listen_about_voice", "{length}, read by a computer voice. The "
                                               "recording says the words on this page, so the page is its "
                                               "transcript."),
                           "length", length, (const char *)NULL);
    else
        about = xstrdup(l->human ? word(pw, "listen_about_person_no_length", "Read by a person. The recording "
                                        "says the words on this page, so the page is its transcript.")
                                 : word(pw, "listen_about_voice_no_length", "Read by a computer voice. The "
                                        "recording says the words on this page, so the page is its transcript."));
    /* The length starts the sentence: "About 3 minutes, ..." */
    if (about[0] >= 'a' && about[0] <= 'z')
        about[0] = (char)(about[0] - 'a' + 'A');
    xmlNodePtr p = dom_element(doc, section, "p", about);
    dom_set(p, "class", "listen-about");
    free(about);
    free(length);
    download_link(doc, section, l, pw, word(pw, "listen_download", "Download the recording"));
}

static void easy_player(xmlDocPtr doc, xmlNodePtr section, const Listening *l, const PlayerWords *pw,
                        const char *root)
{
    xmlNodePtr h = dom_element(doc, section, "h2", word(pw, "listen_easy_heading", "Listen"));
    dom_set(h, "id", "listen-heading");
    xmlNodePtr words = easy_picture_row(doc, section, root, "listen",
                                        word(pw, "listen_easy_picture", "An ear: listening"));
    /* Three sentences at most to a row (the easy-read rules). */
    char *length = player_length(pw->words, pw->lang, l->seconds);
    char *t = length ? words_fill(word(pw, "listen_easy_takes", "It takes {length} to listen to this page."),
                                  "length", length, (const char *)NULL)
                     : xstrdup(word(pw, "listen_easy_can", "You can listen to this page."));
    dom_element(doc, words, "p", t);
    free(t);
    free(length);
    dom_element(doc, words, "p", l->human ? word(pw, "listen_easy_person", "A person reads it.")
                                          : word(pw, "listen_easy_voice", "A computer voice reads it."));
    /* Below the row, full width: a phone's words column is too narrow for a player. */
    audio_element(doc, section, l, pw);
    download_link(doc, section, l, pw, word(pw, "listen_easy_save", "Save the recording"));
}

void player_insert(OutPage *page, const Listening *l)
{
    xmlNodePtr root = xmlDocGetRootElement(page->doc);
    xmlNodePtr main = root ? dom_find_element(root, "main") : NULL;
    xmlNodePtr h1 = main ? dom_find_element(main, "h1") : NULL;
    if (!h1)
        return;
    xmlNodePtr section = xmlNewDocNode(page->doc, NULL, BAD_CAST "section", NULL);
    bool easy = page->format == FORMAT_EASY_READ;
    dom_set(section, "class", easy ? "listen easy-listen" : "listen");
    dom_set(section, "aria-labelledby", "listen-heading");
    /* After the lead paragraph when there is one: the page says what it
     * is about before offering to read it. */
    xmlNodePtr after = h1;
    for (xmlNodePtr n = h1->next; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (dom_has_class(n, "lead"))
            after = n;
        break;
    }
    xmlAddNextSibling(after, section);
    PlayerWords pw = {.words = l->words, .lang = dom_attr(root, "lang")};
    if (!pw.lang)
        pw.lang = xstrdup("en");
    if (easy) {
        char *r = relative_root(page->path);
        easy_player(page->doc, section, l, &pw, r);
        free(r);
    } else {
        plain_player(page->doc, section, l, &pw);
    }
    free(pw.lang);
}
