/* wcag_rules_names.c: text alternatives and accessible names — images,
 * SVG, objects, links, buttons, form fields, menu items, summaries,
 * frames and headings — plus sayso's own rules on link and alt text. */
#include "util.h"
#include "wcag_rules.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Each element's role is compared with a score of names: most differ in
 * the first letter, which is checked before calling strcmp. */
static bool role_is(const char *role, const char *name)
{
    return role && role[0] == name[0] && !strcmp(role, name);
}

static bool in_svg(const WcagPage *page, xmlNodePtr el)
{
    if (page->walk_svg_depth >= 0)
        return page->walk_svg_depth > 0;
    for (xmlNodePtr n = el; wp_is_element(n); n = n->parent)
        if (wp_is_tag(n, "svg"))
            return true;
    return false;
}

static bool is_presentational(const char *role)
{
    return role_is(role, "none") || role_is(role, "presentation");
}

/* Decorative images and elements whose role was overridden to none, yet
 * which stay in the accessibility tree because they are focusable or
 * carry global ARIA attributes. */
static void check_decorative(WcagPage *page, xmlNodePtr el, const char *role)
{
    char buf[32];
    const char *explicit_role = page_explicit_role(el, buf);
    bool marked = is_presentational(explicit_role) ||
                  (wp_is_tag(el, "img") && wp_attr(el, "alt") && !*wp_attr(el, "alt"));
    if (!marked || is_presentational(role))
        return;
    if (page_excluded(page, el))
        return;
    if (wp_is_tag(el, "img") && !explicit_role && !role_is(role, "img"))
        return;
    findings_add_node(page->out, &RULE_DECORATIVE_EXPOSED, el,
                      "This <%s> is marked as decorative but screen readers still announce it, "
                      "because it %s. Either remove the decorative marking or remove the "
                      "attributes that expose it.", (const char *)el->name,
                      page_focusable(page, el, false) ? "can take focus"
                                                     : "has ARIA attributes such as aria-label");
}

static bool object_renders_media(xmlNodePtr el)
{
    const char *type = wp_attr(el, "type");
    if (type && (!strncasecmp(type, "image/", 6) || !strncasecmp(type, "audio/", 6) ||
                 !strncasecmp(type, "video/", 6)))
        return true;
    const char *data = wp_attr(el, "data");
    if (!data)
        return false;
    static const char *const media[] = {
        ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif", ".mp3", ".mp4",
        ".ogg", ".oga", ".ogv", ".wav", ".webm", ".m4a", ".m4v", ".mov", ".flac", ".aac",
    };
    size_t n = strcspn(data, "?#");
    for (size_t i = 0; i < sizeof media / sizeof media[0]; i++) {
        size_t m = strlen(media[i]);
        if (n >= m && !strncasecmp(data + n - m, media[i], m))
            return true;
    }
    return false;
}

static bool is_first_summary(xmlNodePtr el)
{
    if (!wp_is_tag(el, "summary") || !wp_is_tag(el->parent, "details"))
        return false;
    for (xmlNodePtr s = el->prev; s; s = s->prev)
        if (wp_is_tag(s, "summary"))
            return false;
    return true;
}

/* A form field in the sense of WCAG 4.1.2: an input widget role, or a
 * native control without an ARIA role (date, colour, file...). */
static bool is_form_field(xmlNodePtr el, const char *role)
{
    static const char *const roles[] = {
        "checkbox", "combobox", "listbox", "menuitemcheckbox", "menuitemradio", "radio",
        "searchbox", "slider", "spinbutton", "switch", "textbox",
    };
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (role_is(role, roles[i]))
            return true;
    if (!role && wp_is_tag(el, "input")) {
        const char *t = wp_attr(el, "type");
        return !t || (strcasecmp(t, "hidden") && strcasecmp(t, "button") &&
                      strcasecmp(t, "submit") && strcasecmp(t, "reset") &&
                      strcasecmp(t, "image"));
    }
    return false;
}

static bool vague_link_text(const char *name)
{
    static const char *const vague[] = {
        "click here", "click", "here", "read more", "more", "link", "this link",
        "this page", "more info", "more information", "find out more", "learn more",
        "continue", "go", "details", "click this", "this", "press here",
    };
    char clean[64];
    size_t n = 0;
    for (const char *p = name; *p && n < sizeof clean - 1; p++) {
        unsigned char c = (unsigned char)*p;
        if (isalnum(c) || c == ' ')
            clean[n++] = (char)tolower(c);
    }
    clean[n] = '\0';
    char *t = str_trim(clean);
    for (size_t i = 0; i < sizeof vague / sizeof vague[0]; i++)
        if (!strcmp(t, vague[i]))
            return true;
    return false;
}

static bool looks_like_url(const char *s)
{
    if (!strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8) ||
        !strncasecmp(s, "www.", 4))
        return !strchr(s, ' ');
    return false;
}

static void check_link_text(WcagPage *page, xmlNodePtr el, const char *name)
{
    if (vague_link_text(name))
        findings_add_node(page->out, &RULE_LINK_TEXT_VAGUE, el,
                          "The link text \"%s\" does not say where the link goes. Use words "
                          "that make sense on their own, such as the name of the page.", name);
    else if (looks_like_url(name))
        findings_add_node(page->out, &RULE_LINK_TEXT_VAGUE, el,
                          "The link text is a web address. Use words that say where the link "
                          "goes; screen readers read addresses letter by letter.");
}

static void check_alt_wording(WcagPage *page, xmlNodePtr el)
{
    const char *alt = wp_attr(el, "alt");
    if (!alt)
        return;
    while (isspace((unsigned char)*alt))
        alt++;
    static const char *const of_text[] = {
        "image of text", "picture of text", "screenshot of text", "photo of text",
        "image of the text", "text image", "image with text", "picture with text",
    };
    for (size_t i = 0; i < sizeof of_text / sizeof of_text[0]; i++)
        if (!strncasecmp(alt, of_text[i], strlen(of_text[i]))) {
            findings_add_node(page->out, &RULE_IMAGE_OF_TEXT, el,
                              "The alt text says this image is a picture of text. Put the text "
                              "on the page as real text, so it can be resized and read aloud.");
            return;
        }
    static const char *const redundant[] = {
        "image of ", "picture of ", "photo of ", "graphic of ", "photograph of ", "an image of ",
        "a picture of ", "a photo of ",
    };
    for (size_t i = 0; i < sizeof redundant / sizeof redundant[0]; i++)
        if (!strncasecmp(alt, redundant[i], strlen(redundant[i]))) {
            findings_add_node(page->out, &RULE_IMAGE_ALT_REDUNDANT, el,
                              "The alt text starts with \"%.*s\". Screen readers already say it "
                              "is an image: describe what it shows instead.",
                              (int)strlen(redundant[i]) - 1, alt);
            return;
        }
    if (!strcasecmp(alt, "image") || !strcasecmp(alt, "picture") || !strcasecmp(alt, "photo") ||
        !strcasecmp(alt, "graphic"))
        findings_add_node(page->out, &RULE_IMAGE_ALT_REDUNDANT, el,
                          "The alt text \"%s\" does not say what the image shows. Describe it, "
                          "or use alt=\"\" if it is only decoration.", alt);
}

/* ACT counts a name as empty when it is only Unicode White_Space: a
 * non-breaking space (U+00A0) or an em space says nothing either. */
static bool only_white_space(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (isspace(*p))
            p++;
        else if (p[0] == 0xc2 && (p[1] == 0xa0 || p[1] == 0x85))
            p += 2;
        else if ((p[0] == 0xe1 && p[1] == 0x9a && p[2] == 0x80) ||
                 (p[0] == 0xe2 && p[1] == 0x80 && (p[2] <= 0x8a || p[2] == 0xa8 ||
                                                   p[2] == 0xa9 || p[2] == 0xaf)) ||
                 (p[0] == 0xe2 && p[1] == 0x81 && p[2] == 0x9f) ||
                 (p[0] == 0xe3 && p[1] == 0x80 && p[2] == 0x80))
            p += 3;
        else
            return false;
    }
    return true;
}

void wcag_check_names(WcagPage *page, xmlNodePtr el)
{
    char buf[32];
    const char *role = page_role(page, el, buf);
    check_decorative(page, el, role);
    if (page_excluded(page, el) && !page_area_exposed(page, el))
        return;

    const Rule *rule = NULL;
    const char *what = NULL, *fix = NULL;
    bool svg = in_svg(page, el);
    if (svg) {
        char eb[32];
        const char *explicit_role = page_explicit_role(el, eb);
        if (role_is(explicit_role, "img") || role_is(explicit_role, "graphics-document") ||
            role_is(explicit_role, "graphics-symbol")) {
            rule = &RULE_SVG_IMG_NAME;
            what = "This SVG image";
            fix = "add a <title> inside it or an aria-label saying what it shows";
        } else if (role_is(role, "link")) {
            rule = &RULE_LINK_NAME;
            what = "This link";
            fix = "put <text> or a <title> inside it, or add an aria-label saying where it goes";
        }
    } else if (wp_is_tag(el, "input") && wp_attr_is(el, "type", "image") && role_is(role, "button")) {
        rule = &RULE_IMAGE_BUTTON_NAME;
        what = "This image button";
        fix = "add alt text saying what the button does";
    } else if (role_is(role, "img") || role_is(role, "image")) {
        rule = &RULE_IMAGE_ALT;
        what = "This image";
        fix = "add alt text that says what it shows, or alt=\"\" if it is only decoration";
    } else if (wp_is_tag(el, "object") && object_renders_media(el) && !is_presentational(role)) {
        rule = &RULE_OBJECT_NAME;
        what = "This embedded object";
        fix = "add an aria-label or title saying what it is";
    } else if (role_is(role, "link") || role_is(role, "doc-backlink") ||
               role_is(role, "doc-biblioref") || role_is(role, "doc-glossref") ||
               role_is(role, "doc-noteref")) {
        rule = &RULE_LINK_NAME;
        what = "This link";
        fix = "put text inside it, or give its image alt text saying where the link goes";
    } else if (role_is(role, "button") && !(wp_is_tag(el, "input") && wp_attr_is(el, "type", "image"))) {
        rule = &RULE_BUTTON_NAME;
        what = "This button";
        fix = "put text inside it or add an aria-label saying what it does";
    } else if (role_is(role, "menuitem")) {
        rule = &RULE_MENUITEM_NAME;
        what = "This menu item";
        fix = "put text inside it or add an aria-label";
    } else if (is_form_field(el, role)) {
        rule = &RULE_FORM_FIELD_NAME;
        what = "This form field";
        fix = "add a <label> for it (or aria-label) saying what to enter";
    } else if (is_first_summary(el) && (!page_explicit_role(el, buf) || is_presentational(buf))) {
        rule = &RULE_SUMMARY_NAME;
        what = "This summary";
        fix = "put text inside it saying what the hidden section contains";
    } else if ((wp_is_tag(el, "iframe") || wp_is_tag(el, "frame")) &&
               !is_presentational(page_explicit_role(el, buf))) {
        /* role="none" on a frame is honoured here even though frames can
         * take focus: browsers then leave the frame out of the tree. */
        long tabindex_negative = wp_has_attr(el, "tabindex") && atoi(wp_attr(el, "tabindex")) < 0;
        if (!tabindex_negative) {
            rule = &RULE_FRAME_NAME;
            what = "This frame";
            fix = "add a title attribute saying what the frame contains";
        }
    } else if (role_is(role, "heading")) {
        rule = &RULE_HEADING_NAME;
        what = "This heading";
        fix = "put text in it, or remove it if it is only there for spacing";
    }

    if (rule) {
        char *name = page_accessible_name(page, el);
        if (only_white_space(name))
            findings_add_node(page->out, rule, el, "%s has no accessible name: %s.", what, fix);
        else if (rule == &RULE_LINK_NAME)
            check_link_text(page, el, name);
        else if (rule == &RULE_HEADING_NAME) {
            char *text = page_visible_text(page, el);
            if (!*text && !page_visually_hidden(page, el))
                findings_add_node(page->out, &RULE_EMPTY_HEADING, el,
                                  "This heading shows no text on screen, only to screen "
                                  "readers. Put its words in the heading itself.");
            free(text);
        }
        free(name);
    }
    if (wp_is_tag(el, "img") || (wp_is_tag(el, "input") && wp_attr_is(el, "type", "image")))
        check_alt_wording(page, el);
}
