/* wcag_rules_aria.c: WAI-ARIA use — roles, attributes and their values,
 * required states, parent and child roles, and focusable content that
 * assistive technology cannot see. */
#include "util.h"
#include "wcag_rules.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool role_is(const char *role, const char *name)
{
    return role && !strcmp(role, name);
}

static bool presentational(const char *role)
{
    return role_is(role, "none") || role_is(role, "presentation");
}

static bool has_global_aria(xmlNodePtr el)
{
    for (xmlAttrPtr a = el->properties; a; a = a->next) {
        const AriaAttribute *def = aria_attribute((const char *)a->name);
        if (def && def->global && strcmp(def->name, "aria-hidden"))
            return true;
    }
    return false;
}

static void check_role_attribute(WcagPage *page, xmlNodePtr el)
{
    const char *value = wp_attr(el, "role");
    if (!value || !wp_attr_nonblank(el, "role") || page_excluded(page, el))
        return;
    char buf[32];
    if (!page_explicit_role(el, buf))
        findings_add_node(page->out, &RULE_ARIA_ROLE_VALID, el,
                          "The role \"%s\" is not a WAI-ARIA role. Use a valid role such as "
                          "\"button\" or \"navigation\", or remove the role attribute.", value);
}

/* The states and properties role needs on el (WAI-ARIA 1.2), with the
 * requirements that depend on the element's state: a separator that takes
 * focus is a splitter and needs its position; an expanded combobox must
 * say which popup it controls. */
static const char *required_attributes(const WcagPage *page, xmlNodePtr el, const char *role)
{
    if (role_is(role, "separator") && page_focusable(page, el, false))
        return "aria-valuenow";
    if (role_is(role, "combobox") && wp_attr_is(el, "aria-expanded", "true"))
        return "aria-expanded aria-controls";
    const AriaRole *r = role ? aria_role(role) : NULL;
    return r ? r->required : NULL;
}


static void check_attributes(WcagPage *page, xmlNodePtr el, const char *role)
{
    bool excluded = page_excluded(page, el);
    const AriaRole *r = role ? aria_role(role) : NULL;
    /* Native controls without an ARIA role still take the states of the
     * widget they behave like: a date field those of a textbox, a
     * summary those of a button. */
    if (!r && wp_is_tag(el, "input"))
        r = aria_role("textbox");
    else if (!r && wp_is_tag(el, "summary"))
        r = aria_role("button");
    else if (!r && (wp_is_tag(el, "audio") || wp_is_tag(el, "video")))
        r = aria_role("application");   /* ARIA in HTML: the application role's attributes */
    char explicit_buf[32];
    const char *explicit_role = page_explicit_role(el, explicit_buf);
    const AriaRole *judged = presentational(explicit_role) ? aria_role(explicit_role) : r;
    for (xmlAttrPtr a = el->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        if (strncasecmp(name, "aria-", 5))
            continue;
        const char *value = a->children && a->children->content
                                ? (const char *)a->children->content : "";
        const AriaAttribute *def = aria_attribute(name);
        if (!def) {
            findings_add_node(page->out, &RULE_ARIA_ATTR_DEFINED, el,
                              "\"%s\" is not a WAI-ARIA attribute, so assistive technology "
                              "ignores it. Check the spelling or remove it.", name);
            continue;
        }
        bool blank = true;
        for (const char *p = value; *p; p++)
            if (!isspace((unsigned char)*p))
                blank = false;
        if (!blank && !aria_value_valid(def, value))
            findings_add_node(page->out, &RULE_ARIA_ATTR_VALUE, el,
                              "%s=\"%s\" is not a valid value. %s", def->name, value,
                              def->type == ARIA_INTEGER ? "Use a whole number."
                              : def->type == ARIA_NUMBER ? "Use a number."
                              : def->type == ARIA_TOKEN || def->type == ARIA_TOKENS
                                  ? "Use one of the values the WAI-ARIA specification lists."
                                  : def->type == ARIA_IDREF ? "Use the id of one element."
                                  : "Use true or false (or undefined where allowed).");
        else if (!blank && (def->type == ARIA_IDREF || def->type == ARIA_IDREFS) &&
                 aria_list_has(required_attributes(page, el, role), def->name) &&
                 !page_ids_reach(page, value))   /* ACT 6a7281: a required reference must reach something */
            findings_add_node(page->out, &RULE_ARIA_ATTR_VALUE, el,
                              "%s=\"%s\" names no element on this page, but an element with "
                              "role \"%s\" needs it to. Use the id of the element it controls.",
                              def->name, value, role);
        if (excluded)
            continue;
        if (!aria_attribute_allowed(presentational(role) ? NULL : r, def))
            findings_add_node(page->out, &RULE_ARIA_ATTR_ALLOWED, el,
                              "%s is not allowed on %s%s%s. Remove it or use a role that "
                              "supports it.", def->name, role ? "an element with role \"" : "this element",
                              role ? role : "", role ? "\"" : "");
        /* WAI-ARIA 1.2 prohibits naming the roles that cannot be named, and
         * a role description only on generic (and presentational) ones.
         * An author who wrote role="none" is held to what none allows, even
         * where the attribute makes browsers put the element's own role
         * back (ACT kb1m8s: <h1 role="none" aria-brailleroledescription>). */
        else if (judged && judged->name_prohibited &&
                 (!strcmp(def->name, "aria-label") || !strcmp(def->name, "aria-labelledby") ||
                  !strcmp(def->name, "aria-braillelabel") ||
                  ((!strcmp(def->name, "aria-roledescription") ||
                    !strcmp(def->name, "aria-brailleroledescription")) &&
                   (role_is(judged->name, "generic") || presentational(judged->name)))))
            findings_add_node(page->out, &RULE_ARIA_PROHIBITED, el,
                              "%s cannot be used on an element with role \"%s\": screen readers "
                              "ignore it there. Put the text in the content, or use an element "
                              "with a role that can be named.", def->name, judged->name);
    }
}

static void check_required_attributes(WcagPage *page, xmlNodePtr el)
{
    char buf[32];
    const char *explicit_role = page_explicit_role(el, buf);
    if (!explicit_role || page_excluded(page, el))
        return;
    const char *implicit = page_implicit_role(page, el);
    if (implicit && !strcmp(implicit, explicit_role))
        return;     /* native semantics supply the states */
    const AriaRole *r = aria_role(explicit_role);
    if (!r)
        return;
    const char *required = required_attributes(page, el, explicit_role);
    if (!required)
        return;
    char list[128];
    snprintf(list, sizeof list, "%s", required);
    char *save = NULL;
    for (char *need = strtok_r(list, " ", &save); need; need = strtok_r(NULL, " ", &save)) {
        if (!wp_attr_nonblank(el, need))
            findings_add_node(page->out, &RULE_ARIA_REQUIRED_ATTR, el,
                              "An element with role \"%s\" needs %s so screen readers can tell "
                              "its state. Add it.", explicit_role, need);
    }
}

/* Whether an element is left out of the tree when working out the
 * accessibility parent: presentational, or generic with nothing to say. */
static bool ignored_for_parent(const WcagPage *page, xmlNodePtr el)
{
    char buf[32];
    const char *role = page_role(page, el, buf);
    if (!role || presentational(role))
        return true;
    return role_is(role, "generic") && !has_global_aria(el) && !wp_has_attr(el, "tabindex");
}

static xmlNodePtr aria_owner(const WcagPage *page, xmlNodePtr el, xmlNodePtr n)
{
    /* An element named in another's aria-owns belongs to that element. */
    const char *id = wp_attr(el, "id");
    if (!id || !*id)
        return NULL;
    for (; n; n = n->next) {
        if (!wp_is_element(n))
            continue;
        const char *owns = wp_attr(n, "aria-owns");
        if (owns) {
            size_t idlen = strlen(id);
            for (const char *p = owns; *p;) {
                while (isspace((unsigned char)*p))
                    p++;
                const char *s = p;
                while (*p && !isspace((unsigned char)*p))
                    p++;
                if ((size_t)(p - s) == idlen && !strncmp(s, id, idlen))
                    return n;
            }
        }
        xmlNodePtr found = aria_owner(page, el, n->children);
        if (found)
            return found;
    }
    return NULL;
}

static void check_required_context(WcagPage *page, xmlNodePtr el)
{
    char buf[32];
    const char *explicit_role = page_explicit_role(el, buf);
    if (!explicit_role || page_excluded(page, el))
        return;
    const AriaRole *r = aria_role(explicit_role);
    if (!r || !r->context)
        return;
    const char *implicit = page_implicit_role(page, el);
    if (implicit && !strcmp(implicit, explicit_role))
        return;
    xmlNodePtr parent = NULL;
    if (wp_has_attr(el, "id"))
        parent = aria_owner(page, el, page->root);
    if (!parent)
        for (parent = el->parent; wp_is_element(parent) && ignored_for_parent(page, parent);
             parent = parent->parent)
            ;
    char pbuf[32];
    const char *parent_role = wp_is_element(parent) ? page_role(page, parent, pbuf) : NULL;
    if (parent_role && aria_list_has(r->context, parent_role))
        return;
    findings_add_node(page->out, &RULE_ARIA_REQUIRED_CONTEXT, el,
                      "An element with role \"%s\" must be inside an element with role %s%s%s, "
                      "or screen readers cannot tell what it belongs to.", explicit_role,
                      r->context, parent_role ? ", not " : "", parent_role ? parent_role : "");
}

typedef struct OwnedCheck {
    const WcagPage *page;
    const char *allowed;
    char bad_role[32];      /* copied: page_role() answers in a caller's buffer */
    xmlNodePtr bad;
} OwnedCheck;

static bool owned_ok(OwnedCheck *c, xmlNodePtr parent, const char *allowed, int depth);

static bool one_owned_ok(OwnedCheck *c, xmlNodePtr k, const char *allowed, int depth)
{
    if (!wp_is_element(k) || page_excluded(c->page, k))
        return true;
    char buf[32];
    const char *role = page_role(c->page, k, buf);
    if (!role)
        return owned_ok(c, k, allowed, depth + 1);     /* no semantics: look inside */
    if (presentational(role))
        return owned_ok(c, k, allowed, depth + 1);
    if (!aria_list_has(allowed, role)) {
        c->bad = k;
        snprintf(c->bad_role, sizeof c->bad_role, "%s", role);
        return false;
    }
    /* A group or row group must itself hold what the owner needs. */
    if (role_is(role, "group"))
        return owned_ok(c, k, allowed, depth + 1);
    if (role_is(role, "rowgroup"))
        return owned_ok(c, k, "row", depth + 1);
    return true;
}

static bool owned_ok(OwnedCheck *c, xmlNodePtr parent, const char *allowed, int depth)
{
    if (depth > 20)
        return true;
    for (xmlNodePtr k = parent->children; k; k = k->next)
        if (!one_owned_ok(c, k, allowed, depth))
            return false;
    const char *owns = wp_attr(parent, "aria-owns");
    if (owns) {
        char *copy = xstrdup(owns);
        char *save = NULL;
        bool ok = true;
        for (char *id = strtok_r(copy, " \t\n\r", &save); id && ok;
             id = strtok_r(NULL, " \t\n\r", &save)) {
            xmlNodePtr target = page_by_id(c->page, id);
            if (target)
                ok = one_owned_ok(c, target, allowed, depth);
        }
        free(copy);
        return ok;
    }
    return true;
}

/* ACT bc4a75 leaves alone an element that is busy, or inside one: while
 * it loads, its children may be partial. */
static bool busy(xmlNodePtr el)
{
    for (xmlNodePtr n = el; wp_is_element(n); n = n->parent)
        if (wp_attr_is(n, "aria-busy", "true"))
            return true;
    return false;
}

static void check_required_owned(WcagPage *page, xmlNodePtr el, const char *role)
{
    if (!role || page_excluded(page, el) || busy(el))
        return;
    const AriaRole *r = aria_role(role);
    if (!r || !r->owned)
        return;
    char allowed[128];
    snprintf(allowed, sizeof allowed, "%s%s", r->owned,
             aria_list_has(r->owned, "row") ? " caption" : "");
    OwnedCheck c = {page, allowed, "", NULL};
    if (!owned_ok(&c, el, allowed, 0))
        findings_add_node(page->out, &RULE_ARIA_REQUIRED_OWNED, el,
                          "An element with role \"%s\" may only contain %s, but it contains "
                          "%s<%s>%s%s. Give the children the right roles or move them out.",
                          role, r->owned, "a ", (const char *)c.bad->name, " with role ",
                          c.bad_role);
}

static xmlNodePtr first_focusable(const WcagPage *page, xmlNodePtr n, bool in_sequence)
{
    for (; n; n = n->next) {
        if (!wp_is_element(n))
            continue;
        if (page_focusable(page, n, in_sequence))
            return n;
        xmlNodePtr f = first_focusable(page, n->children, in_sequence);
        if (f)
            return f;
    }
    return NULL;
}

static void check_hidden_focus(WcagPage *page, xmlNodePtr el)
{
    /* Not "not rendered": a visibility:visible child of a hidden parent
     * still takes focus, so each descendant is asked for itself. */
    if (!wp_attr_is(el, "aria-hidden", "true"))
        return;
    /* Report only at the outermost aria-hidden, once. */
    for (xmlNodePtr p = el->parent; wp_is_element(p); p = p->parent)
        if (wp_attr_is(p, "aria-hidden", "true"))
            return;
    xmlNodePtr f = page_focusable(page, el, true) ? el : first_focusable(page, el->children, true);
    if (f)
        findings_add_node(page->out, &RULE_ARIA_HIDDEN_FOCUS, f,
                          "This <%s> can take keyboard focus but is inside aria-hidden content, "
                          "so screen reader users land on something they cannot hear. Remove "
                          "aria-hidden or make it unfocusable (tabindex=\"-1\" or disabled).",
                          (const char *)f->name);
}

static void check_presentational_children(WcagPage *page, xmlNodePtr el, const char *role)
{
    if (!role || page_excluded(page, el))
        return;
    const AriaRole *r = aria_role(role);
    if (!r || !r->presentational_children)
        return;
    /* ACT 307n5z: what Tab reaches.  A tabindex="-1" descendant is only
     * focused by script, which can first move focus somewhere named. */
    xmlNodePtr f = first_focusable(page, el->children, true);
    if (f)
        findings_add_node(page->out, &RULE_PRESENTATIONAL_FOCUS, f,
                          "This <%s> can take focus but sits inside an element with role \"%s\", "
                          "whose contents screen readers do not see. Move it out.",
                          (const char *)f->name, role);
}

void wcag_check_aria(WcagPage *page, xmlNodePtr el)
{
    char buf[32];
    const char *role = page_role(page, el, buf);
    check_role_attribute(page, el);
    if (el->properties)
        check_attributes(page, el, role);
    check_required_attributes(page, el);
    check_required_context(page, el);
    check_required_owned(page, el, role);
    check_hidden_focus(page, el);
    check_presentational_children(page, el, role);
}
