/* test_wcag_act.c: the checker against cases written here from the W3C
 * ACT rule definitions (applicability, expectations, the WAI-ARIA 1.2 and
 * HTML-AAM tables they lean on), not from the ACT rules' own examples.
 *
 * Each case names one ACT rule and its outcome.  "failed" cases must get
 * a finding naming that rule; "passed" and "inapplicable" ones must not.
 * Every mismatch is printed, then the test fails, so one run shows them
 * all. */
#include "testutil.h"
#include "dom.h"
#include "util.h"
#include "wcag.h"

#include <libxml/HTMLparser.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ActCase {
    const char *rule;       /* ACT rule id */
    const char *outcome;    /* "failed", "passed" or "inapplicable" */
    const char *html;       /* a body, or a whole page when it starts with "<!" */
} ActCase;

static bool rule_failed(const char *html, const char *rule)
{
    char *page = html[0] == '<' && html[1] == '!'
                     ? xstrdup(html)
                     : xasprintf("<!DOCTYPE html><html lang=en><head><title>Case</title></head>"
                                 "<body><main><h1>Case</h1>%s</main></body></html>", html);
    /* Parsed as sayso parses pages, HTML5's empty elements closed. */
    xmlDocPtr doc = dom_parse_document(page, strlen(page), "case.html");
    free(page);
    FindingList list;
    findings_init(&list, "case.html");
    wcag_check_document(doc, NULL, &list);
    bool failed = false;
    size_t n = strlen(rule);
    for (size_t i = 0; i < list.count && !failed; i++) {
        const char *act = list.items[i].rule->act;
        for (const char *p = act; p && (p = strstr(p, rule)); p += n)
            if ((p == act || p[-1] == ',') && (p[n] == ',' || !p[n]))
                failed = true;
    }
    findings_free(&list);
    xmlFreeDoc(doc);
    return failed;
}

static void run_cases(const ActCase *cases, size_t count)
{
    size_t wrong = 0;
    for (size_t i = 0; i < count; i++) {
        bool want = !strcmp(cases[i].outcome, "failed");
        if (rule_failed(cases[i].html, cases[i].rule) != want) {
            wrong++;
            print_error("%s %s but the checker %s it:\n  %s\n", cases[i].rule, cases[i].outcome,
                        want ? "passed" : "failed", cases[i].html);
        }
    }
    assert_int_equal(wrong, 0);
}

#define RUN(cases) run_cases(cases, sizeof cases / sizeof cases[0])

/* ---- ARIA: required context role (ff89c9) ---- */
static const ActCase context_cases[] = {
    {"ff89c9", "failed", "<div role=tab>Rates</div>"},
    {"ff89c9", "passed", "<div role=tablist><div role=tab>Rates</div></div>"},
    {"ff89c9", "passed", "<div role=list><div><span><div role=listitem>One</div></span></div></div>"},
    {"ff89c9", "failed", "<div role=list><div role=navigation><div role=listitem>One</div></div></div>"},
    {"ff89c9", "passed", "<div role=list aria-owns=i1></div><div id=i1 role=listitem>One</div>"},
    {"ff89c9", "failed", "<div role=navigation aria-owns=i2></div><div role=list><div id=i2 role=listitem>One</div></div>"},
    {"ff89c9", "passed", "<div role=menu><div role=group><div role=menuitem>Save</div></div></div>"},
    {"ff89c9", "failed", "<div role=menu><div role=list><div role=menuitem>Save</div></div></div>"},
    {"ff89c9", "passed", "<ul role=menu><li role=menuitem>Save</li></ul>"},
    {"ff89c9", "passed", "<div role=grid><div role=row><div role=gridcell>1</div></div></div>"},
    {"ff89c9", "passed", "<div role=table><div role=rowgroup><div role=row><span role=cell>1</span></div></div></div>"},
    {"ff89c9", "failed", "<div role=table><div role=cell>1</div></div>"},
    {"ff89c9", "inapplicable", "<li>Outside a list: an implicit role</li>"},
    {"ff89c9", "inapplicable", "<div role=listitem aria-hidden=true>Hidden</div>"},
    {"ff89c9", "inapplicable", "<div role=listitem style='display:none'>Hidden</div>"},
    {"ff89c9", "passed", "<div role=tree><div role=group><div role=treeitem>Leaf</div></div></div>"},
    {"ff89c9", "passed", "<div role=listbox><div role=none><div role=option>A</div></div></div>"},
    /* A generic element that is focusable or has a global ARIA property is
     * in the accessibility tree, so it stands between a role and its context. */
    {"ff89c9", "failed", "<div role=list><div tabindex=-1><div role=listitem>One</div></div></div>"},
    {"ff89c9", "failed", "<div role=list><div aria-live=polite><div role=listitem>One</div></div></div>"},
    {"ff89c9", "failed", "<div role=listbox><div role=group><div role=none><div role=tab>x</div></div></div></div>"},
    {"ff89c9", "passed", "<div role=list><section><div role=listitem>One</div></section></div>"},
    {"ff89c9", "failed", "<div role=list><section aria-label=Part><div role=listitem>One</div></section></div>"},
    {"ff89c9", "failed", "<div role=caption>Orphan caption</div>"},
    {"ff89c9", "passed", "<div role=table><div role=caption>Votes</div><div role=row><div role=cell>1</div></div></div>"},
    {"ff89c9", "passed", "<figure><div role=caption>Plan of the site</div></figure>"},
    /* ff89c9 covers WAI-ARIA 1.2 roles only, not the deprecated DPUB ones */
    {"ff89c9", "inapplicable", "<div role=doc-biblioentry>A book</div>"},
};

/* ---- ARIA: required owned elements (bc4a75) ---- */
static const ActCase owned_cases[] = {
    {"bc4a75", "failed", "<div role=list><div role=tab>x</div></div>"},
    {"bc4a75", "passed", "<div role=list><div role=listitem>x</div></div>"},
    {"bc4a75", "passed", "<div role=list><span role=none><div role=listitem>x</div></span></div>"},
    {"bc4a75", "failed", "<ul><li>One</li><div>Two</div></ul>"},
    {"bc4a75", "passed", "<ul><li>One</li><li aria-hidden=true>Two</li></ul>"},
    {"bc4a75", "passed", "<div role=list><div role=tab aria-hidden=true>x</div><div role=listitem>y</div></div>"},
    {"bc4a75", "inapplicable", "<div role=list aria-busy=true><div role=tab>x</div></div>"},
    {"bc4a75", "failed", "<div role=menu><div role=group><div role=listitem>x</div></div></div>"},
    {"bc4a75", "passed", "<div role=menu><div role=group><div role=menuitemradio aria-checked=true>x</div></div></div>"},
    {"bc4a75", "passed", "<div role=list aria-owns=o1></div><div id=o1 role=listitem>x</div>"},
    {"bc4a75", "failed", "<div role=tablist aria-owns=o2></div><div id=o2 role=button>x</div>"},
    {"bc4a75", "passed", "<div role=grid><div role=rowgroup><div role=row><div role=gridcell>1</div></div></div></div>"},
    {"bc4a75", "failed", "<div role=grid><div role=rowgroup><div role=cell>1</div></div></div>"},
    {"bc4a75", "failed", "<div role=row><div role=tab>1</div></div>"},
    {"bc4a75", "inapplicable", "<div role=list style='display:none'><div role=tab>x</div></div>"},
    {"bc4a75", "passed", "<div role=list></div>"},
    {"bc4a75", "failed", "<div role=list><img src=x.png alt=Picture></div>"},
    {"bc4a75", "passed", "<div role=list><img src=x.png alt=''><div role=listitem>x</div></div>"},
    {"bc4a75", "failed", "<div role=tablist><button>Rates</button></div>"},
    {"bc4a75", "passed", "<ol><li>x</li><script>var a;</script><template><p>y</p></template></ol>"},
    {"bc4a75", "failed", "<div role=feed><div>Story</div></div>"},
};

/* ---- ARIA: required states and properties (4e8ab6) ---- */
static const ActCase required_cases[] = {
    {"4e8ab6", "failed", "<div role=checkbox tabindex=0>Agree</div>"},
    {"4e8ab6", "failed", "<div role=checkbox aria-checked='' tabindex=0>Agree</div>"},
    {"4e8ab6", "passed", "<div role=checkbox aria-checked=mixed tabindex=0>Agree</div>"},
    {"4e8ab6", "failed", "<div role=switch tabindex=0>Dark mode</div>"},
    {"4e8ab6", "failed", "<div role=radiogroup><div role=radio tabindex=0>Yes</div></div>"},
    {"4e8ab6", "failed", "<div role=slider tabindex=0 aria-valuemin=0 aria-valuemax=9>Volume</div>"},
    {"4e8ab6", "passed", "<div role=slider tabindex=0 aria-valuenow=3 aria-label=Volume></div>"},
    {"4e8ab6", "failed", "<div role=meter aria-label=Fuel></div>"},
    {"4e8ab6", "passed", "<div role=meter aria-valuenow=4 aria-label=Fuel></div>"},
    {"4e8ab6", "failed", "<div role=scrollbar aria-valuenow=3></div>"},
    {"4e8ab6", "passed", "<div role=listbox aria-label=Pick><div role=option>A</div></div>"},
    {"4e8ab6", "passed", "<div role=tablist><div role=tab>A</div></div>"},
    {"4e8ab6", "passed", "<p>Before</p><div role=separator></div><p>After</p>"},
    {"4e8ab6", "failed", "<div role=separator tabindex=0 aria-label=Resize></div>"},
    {"4e8ab6", "passed", "<div role=separator tabindex=0 aria-valuenow=50 aria-label=Resize></div>"},
    {"4e8ab6", "failed", "<div role=combobox aria-controls=l1 aria-label=Town></div><ul id=l1></ul>"},
    {"4e8ab6", "failed", "<div role=combobox aria-expanded=true aria-label=Town></div>"},
    {"4e8ab6", "passed", "<div role=combobox aria-expanded=false aria-label=Town></div>"},
    {"4e8ab6", "failed", "<div role=heading>Title</div>"},
    {"4e8ab6", "passed", "<div role=heading aria-level=3>Title</div>"},
    {"4e8ab6", "inapplicable", "<input type=checkbox role=checkbox aria-label=Agree>"},
    {"4e8ab6", "inapplicable", "<h2 role=heading>Native level</h2>"},
    {"4e8ab6", "inapplicable", "<div role=checkbox aria-hidden=true>Agree</div>"},
};

/* ---- ARIA: prohibited and allowed attributes (kb1m8s, 5c01ea) ---- */
static const ActCase attribute_cases[] = {
    {"kb1m8s", "failed", "<div aria-label=Summary>Text</div>"},
    {"kb1m8s", "failed", "<span aria-labelledby=h1x>Text</span><p id=h1x>Label</p>"},
    {"kb1m8s", "failed", "<p aria-label=Intro>Text</p>"},
    {"kb1m8s", "failed", "<code aria-label=Command>ls</code>"},
    {"kb1m8s", "failed", "<strong aria-label=Important>Now</strong>"},
    {"kb1m8s", "failed", "<div role=none aria-label=Wrapper>Text</div>"},
    {"kb1m8s", "passed", "<div role=region aria-label=Summary>Text</div>"},
    {"kb1m8s", "passed", "<nav aria-label=Main><a href=/>Home</a></nav>"},
    {"kb1m8s", "passed", "<a href=/ aria-label=Home>H</a>"},
    {"kb1m8s", "passed", "<div aria-describedby=d1>Text</div><p id=d1>More</p>"},
    {"kb1m8s", "inapplicable", "<div aria-label=Hidden aria-hidden=true>Text</div>"},
    {"5c01ea", "failed", "<div role=button aria-checked=true tabindex=0>Go</div>"},
    {"5c01ea", "passed", "<div role=button aria-pressed=true tabindex=0>Bold</div>"},
    {"5c01ea", "failed", "<a href=/ aria-selected=true>Home</a>"},
    {"5c01ea", "passed", "<div role=tablist><div role=tab aria-selected=true>Home</div></div>"},
    {"5c01ea", "passed", "<input type=text aria-required=true aria-label=Name>"},
    {"5c01ea", "failed", "<div role=radiogroup><div role=radio aria-checked=false aria-required=true>Yes</div></div>"},
    {"5c01ea", "passed", "<div role=radiogroup aria-required=true><div role=radio aria-checked=false>Yes</div></div>"},
    {"5c01ea", "inapplicable", "<div aria-hidden=true><a href=/ aria-checked=true tabindex=-1>Home</a></div>"},
    {"kb1m8s", "failed", "<section aria-labelledby=nowhere>Text</section>"},
    {"kb1m8s", "passed", "<section aria-labelledby=s1>Text</section><h2 id=s1>Part</h2>"},
    {"kb1m8s", "failed", "<a aria-label=Home>No href: generic</a>"},
    {"kb1m8s", "failed", "<table><caption aria-label=Votes>Votes</caption><tr><td>1</td></tr></table>"},
    {"5c01ea", "passed", "<audio src=a.mp3 controls aria-expanded=false></audio>"},
    {"5c01ea", "failed", "<video src=a.mp4 controls aria-pressed=false></video>"},
    {"5c01ea", "passed", "<table><tr><th aria-sort=ascending>Ward</th></tr><tr><td>North</td></tr></table>"},
    {"5c01ea", "failed", "<button aria-sort=ascending>Sort</button>"},
    /* 5c01ea's second expectation: nothing prohibited on the role */
    {"5c01ea", "failed", "<div aria-label=Summary>Text</div>"},
    {"5c01ea", "passed", "<div role=region aria-label=Summary>Text</div>"},
    /* HTML-AAM: an unnamed aside inside sectioning content is generic */
    {"kb1m8s", "failed", "<article><h2>News</h2><aside aria-labelledby=nowhere>Aside</aside></article>"},
    {"kb1m8s", "passed", "<aside aria-labelledby=nowhere>Top-level aside</aside>"},
    {"kb1m8s", "failed", "<span aria-roledescription=Note>Text</span>"},
    {"kb1m8s", "passed", "<p aria-roledescription=Note>Only generic forbids a role description</p>"},
    {"kb1m8s", "failed", "<p aria-braillelabel=Intro>Text</p>"},
};

/* ---- Link names (c487ae) ---- */
static const ActCase link_cases[] = {
    {"c487ae", "failed", "<a href=/next></a>"},
    {"c487ae", "failed", "<a href=/next><img src=arrow.png alt=''></a>"},
    {"c487ae", "passed", "<a href=/next><img src=arrow.png alt='Next page'></a>"},
    {"c487ae", "failed", "<span role=link tabindex=0></span>"},
    {"c487ae", "passed", "<span role=link tabindex=0>Contact us</span>"},
    {"c487ae", "passed", "<a href=/next title='Next page'><img src=arrow.png alt=''></a>"},
    {"c487ae", "passed", "<a href=/next aria-labelledby=l1></a><span id=l1>Next page</span>"},
    {"c487ae", "failed", "<a href=/next><span aria-hidden=true>&#8594;</span></a>"},
    {"c487ae", "passed", "<a href=/next><span style='position:absolute;left:-9999px'>Next page</span></a>"},
    {"c487ae", "passed", "<a href=/next><svg role=img aria-label='Next page'><path d='M0 0'/></svg></a>"},
    {"c487ae", "passed", "<a href=/next><svg><title>Next page</title><path d='M0 0'/></svg></a>"},
    {"c487ae", "inapplicable", "<a href=/next aria-hidden=true tabindex=-1></a>"},
    {"c487ae", "inapplicable", "<a href=/next style='display:none'></a>"},
    {"c487ae", "inapplicable", "<a>Not a link without href</a>"},
    {"c487ae", "inapplicable", "<a href=/next role=button>Next</a>"},
    {"c487ae", "failed", "<img src=map.png alt='Wards' usemap=#m><map name=m><area href=/north shape=rect coords='0,0,9,9'></map>"},
    {"c487ae", "passed", "<img src=map.png alt='Wards' usemap=#m><map name=m><area href=/north alt=North shape=rect coords='0,0,9,9'></map>"},
    {"c487ae", "failed", "<a href=/next> &nbsp; </a>"},
    {"c487ae", "failed", "<a href=/next>&#x2003;</a>"},
    {"c487ae", "failed", "<a href=/next role=none></a>"},
    {"c487ae", "failed", "<svg><a href=/next><circle r=5></circle></a></svg>"},
    {"c487ae", "passed", "<svg><a href=/next><text>Next page</text></a></svg>"},
};

/* ---- Meta refresh (bc659a, bisz58) and viewport (b4f0c3) ---- */
#define PAGE_WITH_META(meta) "<!DOCTYPE html><html lang=en><head><title>Case</title>" meta \
    "</head><body><main><h1>Case</h1></main></body></html>"
static const ActCase meta_cases[] = {
    {"bc659a", "failed", PAGE_WITH_META("<meta http-equiv=refresh content='5'>")},
    {"bisz58", "failed", PAGE_WITH_META("<meta http-equiv=refresh content='5'>")},
    {"bc659a", "failed", PAGE_WITH_META("<meta http-equiv=refresh content='72000; url=/x'>")},
    {"bc659a", "passed", PAGE_WITH_META("<meta http-equiv=refresh content='72001; url=/x'>")},
    {"bisz58", "failed", PAGE_WITH_META("<meta http-equiv=refresh content='72001; url=/x'>")},
    {"bc659a", "passed", PAGE_WITH_META("<meta http-equiv=refresh content='0; url=/x'>")},
    {"bisz58", "passed", PAGE_WITH_META("<meta http-equiv=refresh content='0, url=/x'>")},
    {"bc659a", "failed", PAGE_WITH_META("<meta http-equiv=refresh content='  10.5 ; url=/x'>")},
    {"bc659a", "failed", PAGE_WITH_META("<meta http-equiv=Refresh content='10'>")},
    {"bc659a", "inapplicable", PAGE_WITH_META("<meta http-equiv=refresh content='ten'>")},
    {"bc659a", "inapplicable", PAGE_WITH_META("<meta http-equiv=refresh content='-5'>")},
    {"bc659a", "inapplicable", PAGE_WITH_META("<meta http-equiv=refresh content='5x; url=/x'>")},
    {"bc659a", "inapplicable", PAGE_WITH_META("<meta name=refresh content='5'>")},
    /* Only the first valid refresh counts: browsers act on that one. */
    {"bc659a", "passed", PAGE_WITH_META("<meta http-equiv=refresh content='0; url=/a'><meta http-equiv=refresh content='9'>")},
    {"bc659a", "failed", PAGE_WITH_META("<meta http-equiv=refresh content='soon'><meta http-equiv=refresh content='9'>")},
    {"b4f0c3", "failed", PAGE_WITH_META("<meta name=viewport content='width=device-width, user-scalable=no'>")},
    {"b4f0c3", "failed", PAGE_WITH_META("<meta name=viewport content='width=device-width; user-scalable = 0'>")},
    {"b4f0c3", "failed", PAGE_WITH_META("<meta name=viewport content='maximum-scale=1.5'>")},
    {"b4f0c3", "failed", PAGE_WITH_META("<meta name=viewport content='maximum-scale=yes'>")},
    {"b4f0c3", "passed", PAGE_WITH_META("<meta name=viewport content='maximum-scale=2'>")},
    {"b4f0c3", "passed", PAGE_WITH_META("<meta name=viewport content='width=device-width, user-scalable=yes, maximum-scale=5'>")},
    {"b4f0c3", "passed", PAGE_WITH_META("<meta name=viewport content='maximum-scale=device-width'>")},
    {"b4f0c3", "inapplicable", PAGE_WITH_META("<meta name=viewport>")},
    {"b4f0c3", "inapplicable", PAGE_WITH_META("<meta name=description content='user-scalable=no'>")},
    {"b4f0c3", "passed", PAGE_WITH_META("<meta name=viewport content='maximum-scale=-1'>")},
    {"b4f0c3", "failed", PAGE_WITH_META("<meta name=viewport content='user-scalable=0.5'>")},
    {"b4f0c3", "passed", PAGE_WITH_META("<meta name=viewport content='user-scalable=-1'>")},
};

/* ---- Tables: header cells have assigned cells (d0f69e), HTML and ARIA ---- */
static const ActCase table_cases[] = {
    {"d0f69e", "passed", "<table><tr><th>Ward</th><th>Votes</th></tr><tr><td>North</td><td>12</td></tr></table>"},
    {"d0f69e", "failed", "<table><tr><th>Ward</th><th>Votes</th><th>Turnout</th></tr><tr><td>North</td><td>12</td></tr></table>"},
    {"d0f69e", "passed", "<table><tr><th scope=row>North</th><td>12</td></tr><tr><th scope=row>South</th><td>9</td></tr></table>"},
    {"d0f69e", "passed", "<table><tr><th colspan=2>Votes</th></tr><tr><td>12</td><td>9</td></tr></table>"},
    {"d0f69e", "inapplicable", "<table role=presentation><tr><th>Ward</th><th>Extra</th></tr><tr><td>North</td></tr></table>"},
    {"d0f69e", "inapplicable", "<table aria-hidden=true><tr><th>Ward</th><th>Extra</th></tr><tr><td>North</td></tr></table>"},
    {"d0f69e", "passed", "<div role=table><div role=row><span role=columnheader>Ward</span><span role=columnheader>Votes</span></div>"
                         "<div role=row><span role=cell>North</span><span role=cell>12</span></div></div>"},
    {"d0f69e", "failed", "<div role=table><div role=row><span role=columnheader>Ward</span><span role=columnheader>Votes</span>"
                         "<span role=columnheader>Turnout</span></div>"
                         "<div role=row><span role=cell>North</span><span role=cell>12</span></div></div>"},
    {"d0f69e", "passed", "<div role=grid><div role=rowgroup><div role=row><div role=rowheader>North</div><div role=gridcell>12</div></div></div></div>"},
    {"d0f69e", "failed", "<div role=grid><div role=row><div role=rowheader>North</div></div><div role=row><div role=gridcell>12</div></div></div>"},
    {"d0f69e", "passed", "<div role=table><div role=row><div role=columnheader aria-colindex=2>Votes</div></div>"
                         "<div role=row><div role=cell aria-colindex=2>12</div></div></div>"},
    {"d0f69e", "failed", "<div role=table><div role=row><div role=columnheader aria-colindex=3>Votes</div></div>"
                         "<div role=row><div role=cell>North</div><div role=cell>12</div></div></div>"},
    {"d0f69e", "inapplicable", "<div role=table aria-hidden=true><div role=row><div role=columnheader>Votes</div></div></div>"},
    /* scope auto, as the HTML table model reads it */
    {"d0f69e", "passed", "<table><tr><th>Name</th><td>Bob</td></tr><tr><th>Age</th><td>3</td></tr></table>"},
    {"d0f69e", "passed", "<table><tr><td>1</td><th>Key</th><td>2</td></tr></table>"},
    {"d0f69e", "failed", "<table><tr><td>1</td><th scope=row>Last</th></tr></table>"},
    {"d0f69e", "inapplicable", "<table><tr><td>1</td><td>2</td></tr><tr><td>3</td><th>Mid</th></tr><tr><td>5</td><td>6</td></tr></table>"},
    {"d0f69e", "passed", "<table><tr><th>Name</th><th>Age</th></tr><tr><th>Bob</th><td>3</td></tr></table>"},
    {"d0f69e", "passed", "<table><tbody><tr><td>1</td></tr></tbody><thead><tr><th>A</th></tr></thead></table>"},
    {"d0f69e", "inapplicable", "<table><tr><th>Ward</th><th style='position:absolute;left:-9999px'>Notes</th></tr><tr><td>North</td></tr></table>"},
};

/* ---- aria-hidden with focusable content (6cfa84) ---- */
static const ActCase hidden_focus_cases[] = {
    {"6cfa84", "failed", "<div aria-hidden=true><a href=/x>Link</a></div>"},
    {"6cfa84", "failed", "<div aria-hidden=true><div tabindex=0>Card</div></div>"},
    {"6cfa84", "failed", "<button aria-hidden=true>Close</button>"},
    {"6cfa84", "failed", "<div aria-hidden=true><details><summary>More</summary>x</details></div>"},
    {"6cfa84", "failed", "<div aria-hidden=true><div contenteditable=true>Edit</div></div>"},
    {"6cfa84", "passed", "<div aria-hidden=true><a href=/x tabindex=-1>Link</a></div>"},
    {"6cfa84", "passed", "<div aria-hidden=true><button disabled>Close</button></div>"},
    {"6cfa84", "passed", "<div aria-hidden=true><fieldset disabled><input aria-label=x></fieldset></div>"},
    {"6cfa84", "passed", "<div aria-hidden=true><a href=/x style='display:none'>Link</a></div>"},
    {"6cfa84", "passed", "<div aria-hidden=true><a href=/x style='visibility:hidden'>Link</a></div>"},
    {"6cfa84", "passed", "<div aria-hidden=true><a>No href</a><input type=hidden></div>"},
    {"6cfa84", "passed", "<div aria-hidden=true inert><a href=/x>Link</a></div>"},
    {"6cfa84", "inapplicable", "<div aria-hidden=false><a href=/x>Link</a></div>"},
    {"6cfa84", "failed", "<div aria-hidden=true style='visibility:hidden'><a href=/x style='visibility:visible'>Link</a></div>"},
    {"6cfa84", "failed", "<div aria-hidden=true><fieldset disabled><legend><button>In the legend</button></legend></fieldset></div>"},
};

/* ---- Autocomplete (73f2c2): valid autofill detail tokens ----
 * ACT no longer asks whether the field suits the control's type; that is
 * sayso's own warning, autocomplete-appropriate, tested below. */
static const ActCase autocomplete_cases[] = {
    {"73f2c2", "passed", "<input type=email autocomplete=email aria-label=Email>"},
    {"73f2c2", "passed", "<input autocomplete='section-home shipping street-address' aria-label=Street>"},
    {"73f2c2", "passed", "<input type=tel autocomplete='work tel' aria-label=Phone>"},
    {"73f2c2", "passed", "<textarea autocomplete=Street-Address aria-label=Address></textarea>"},
    {"73f2c2", "passed", "<select autocomplete=country aria-label=Country><option>UK</option></select>"},
    {"73f2c2", "passed", "<input type=password autocomplete='current-password webauthn' aria-label=Password>"},
    {"73f2c2", "passed", "<input type=number autocomplete=email aria-label=Email>"},
    {"73f2c2", "failed", "<input autocomplete=badger aria-label=Name>"},
    {"73f2c2", "failed", "<input autocomplete='home email work' aria-label=Email>"},
    {"73f2c2", "failed", "<input autocomplete='mobile given-name' aria-label=Name>"},
    {"73f2c2", "failed", "<input autocomplete='billing section-a email' aria-label=Email>"},
    {"73f2c2", "failed", "<input autocomplete='shipping' aria-label=Address>"},
    {"73f2c2", "failed", "<input type=url autocomplete=photo-no aria-label=Photo>"},
    {"73f2c2", "inapplicable", "<input autocomplete=off aria-label=Name>"},
    {"73f2c2", "inapplicable", "<input type=hidden autocomplete=badger>"},
    {"73f2c2", "inapplicable", "<input type=button autocomplete=badger value=Go>"},
    {"73f2c2", "inapplicable", "<input autocomplete=badger disabled aria-label=Name>"},
    {"73f2c2", "inapplicable", "<input autocomplete=badger aria-disabled=true aria-label=Name>"},
    {"73f2c2", "inapplicable", "<input autocomplete=badger style='display:none' aria-label=Name>"},
    {"73f2c2", "inapplicable", "<input autocomplete='  ' aria-label=Name>"},
    {"73f2c2", "inapplicable", "<input type=submit autocomplete=badger>"},
    {"73f2c2", "inapplicable", "<input type=Reset autocomplete=badger>"},
    {"73f2c2", "failed", "<input type=checkbox autocomplete=badger aria-label=Agree>"},
};

/* ---- Contrast (afw4f7): large text, disabled controls, shadows ---- */
static const ActCase contrast_cases[] = {
    {"afw4f7", "failed", "<p style='color:#888;background:#fff'>Grey text</p>"},
    {"afw4f7", "passed", "<p style='color:#767676;background:#fff'>Just dark enough</p>"},
    {"afw4f7", "passed", "<p style='color:#888;background:#fff;font-size:24px'>Large text</p>"},
    {"afw4f7", "passed", "<p style='color:#888;background:#fff;font-size:19px;font-weight:bold'>Large bold</p>"},
    {"afw4f7", "failed", "<p style='color:#888;background:#fff;font-size:19px'>Not bold enough</p>"},
    {"afw4f7", "failed", "<p style='color:#999;background:#fff;font-size:18px;font-weight:bold'>Below 14pt</p>"},
    {"afw4f7", "inapplicable", "<button disabled style='color:#bbb;background:#fff'>Send</button>"},
    {"afw4f7", "inapplicable", "<div role=button aria-disabled=true tabindex=0 style='color:#bbb;background:#fff'>Send</div>"},
    {"afw4f7", "inapplicable", "<label style='color:#bbb;background:#fff' for=c1>Name</label><input id=c1 disabled>"},
    {"afw4f7", "inapplicable", "<fieldset disabled><label style='color:#bbb;background:#fff'>Name <input></label></fieldset>"},
    {"afw4f7", "inapplicable", "<p style='color:#bbb;background:#fff' aria-hidden=true hidden>Hidden</p>"},
    {"afw4f7", "passed", "<p style='color:#fff;background:#fff;text-shadow:0 0 3px #000'>Shadowed</p>"},
    {"afw4f7", "failed", "<p style='color:#aaa'>Pale on the default white</p>"},
    {"afw4f7", "passed", "<div style='background:#000'><p style='color:#ccc'>Light on a dark parent</p></div>"},
    {"afw4f7", "passed", "<p style='color:#888;font-size:18pt'>Eighteen point</p>"},
    {"afw4f7", "passed", "<p style='color:#888;font:bold 14pt serif'>Shorthand bold</p>"},
    {"afw4f7", "failed", "<p style='color:#888;font-size:14pt;font-weight:600'>Semi-bold is not bold</p>"},
    {"afw4f7", "inapplicable", "<p style='color:#888;font-size:0'>No glyphs</p>"},
    {"afw4f7", "inapplicable", "<p style='color:#bbb'>&#x2600; &#x2713; &#x2192;</p>"},
    {"afw4f7", "failed", "<p style='color:#bbb'>&#x6C34; is water</p>"},
    {"afw4f7", "inapplicable", "<span id=n1 style='color:#bbb'>Postcode</span><input aria-labelledby=n1 disabled>"},
    {"afw4f7", "failed", "<p aria-disabled=true style='color:#aaa'>aria-disabled on a paragraph disables nothing</p>"},
    {"afw4f7", "inapplicable", "<div role=group aria-disabled=true><p style='color:#aaa'>In a disabled group</p></div>"},
    {"afw4f7", "failed", "<p style='color:#bbb'>&#xA3;5.00</p>"},
    {"afw4f7", "inapplicable", "<label style='color:#bbb'><span>Name <span><input disabled></span></span></label>"},
};

/* The field name against the control, by the HTML autofill field table. */
static void test_autocomplete_appropriate(void **state)
{
    (void)state;
    static const struct {
        const char *html;
        bool warned;
    } cases[] = {
        {"<input type=email autocomplete=email aria-label=E>", false},
        {"<input type=search autocomplete=email aria-label=E>", false},
        {"<textarea autocomplete=email aria-label=E></textarea>", false},
        {"<input type=month autocomplete=cc-exp aria-label=E>", false},
        {"<input type=number autocomplete=bday-day aria-label=E>", false},
        {"<input type=password autocomplete=one-time-code aria-label=E>", false},
        {"<input type=email autocomplete=username aria-label=E>", false},
        {"<input type=email autocomplete=tel aria-label=E>", true},
        {"<input type=number autocomplete=email aria-label=E>", true},
        {"<input type=tel autocomplete=street-address aria-label=E>", true},
        {"<input type=date autocomplete=bday-day aria-label=E>", true},
        {"<input type=range autocomplete=bday-day aria-label=E>", true},
        {"<input type=password autocomplete=email aria-label=E>", true},
        {"<input type=email autocomplete=badger aria-label=E>", false},   /* invalid, not misfit */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *page = xasprintf("<!DOCTYPE html><html lang=en><head><title>t</title></head>"
                               "<body><main>%s</main></body></html>", cases[i].html);
        xmlDocPtr doc = htmlReadMemory(page, (int)strlen(page), "case.html", "UTF-8",
                                       HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
        FindingList list;
        findings_init(&list, "case.html");
        wcag_check_document(doc, NULL, &list);
        bool warned = false;
        for (size_t k = 0; k < list.count; k++)
            if (!strcmp(list.items[k].rule->id, "autocomplete-appropriate"))
                warned = true;
        if (warned != cases[i].warned)
            print_error("%s: expected %s\n", cases[i].html, cases[i].warned ? "a warning" : "none");
        assert_true(warned == cases[i].warned);
        findings_free(&list);
        xmlFreeDoc(doc);
        free(page);
    }
}

/* ---- Definitions the cases above missed: written from the rule texts ---- */

/* bc4a75: an element inside an aria-busy one is still loading. */
static const ActCase busy_cases[] = {
    {"bc4a75", "inapplicable", "<section aria-busy=true><div role=tablist><p>Loading the tabs</p></div></section>"},
    {"bc4a75", "failed", "<section aria-busy=false><div role=tablist><p>Loading the tabs</p></div></section>"},
};

/* 6a7281: an ID reference is one id, and a reference the role requires
 * must reach an element; an optional one need not (it may come later). */
static const ActCase reference_cases[] = {
    {"6a7281", "passed", "<div role=textbox aria-label=Ward aria-errormessage=later></div>"},
    {"6a7281", "failed", "<div role=listbox tabindex=0 aria-label=Wards aria-activedescendant='w1 w2'>"
                         "<div role=option id=w1>North</div></div>"},
    {"6a7281", "failed", "<div role=scrollbar aria-controls=pane9 aria-valuenow=10></div><div id=pane>Text</div>"},
    {"6a7281", "passed", "<div role=scrollbar aria-controls='pane9 pane' aria-valuenow=10></div><div id=pane>Text</div>"},
    {"6a7281", "failed", "<input role=combobox aria-label=Ward aria-expanded=true aria-controls=wardlist>"},
    {"6a7281", "passed", "<input role=combobox aria-label=Ward aria-expanded=false aria-controls=wardlist>"},
};

/* SVG-AAM names every SVG element from a <title> child (7d6734, c487ae). */
static const ActCase svg_name_cases[] = {
    {"7d6734", "passed", "<svg width=20 height=20><circle role=img cx=10 cy=10 r=8><title>Open</title></circle></svg>"},
    {"7d6734", "failed", "<svg width=20 height=20><circle role=img cx=10 cy=10 r=8></circle></svg>"},
    {"c487ae", "passed", "<svg width=20 height=20><a href=/wards><title>Wards</title><rect width=20 height=20 /></a></svg>"},
    {"c487ae", "failed", "<svg width=20 height=20><a href=/wards><rect width=20 height=20 /></a></svg>"},
};

/* de46e4: the text a lang governs includes names and descriptions of the
 * elements under it, and only what is shown or in the accessibility tree. */
static const ActCase lang_text_cases[] = {
    {"de46e4", "failed", "<div lang=espa&ntilde;ol><button aria-label=Enviar></button></div>"},
    {"de46e4", "failed", "<button lang=espa&ntilde;ol aria-label=Enviar></button>"},
    {"de46e4", "failed", "<p lang=espa&ntilde;ol><input type=image src=go.png alt=Enviar></p>"},
    {"de46e4", "inapplicable", "<p lang=espa&ntilde;ol><img src=hola.png alt=Hola aria-hidden=true></p>"},
    {"de46e4", "passed", "<div lang=es><button aria-label=Enviar></button></div>"},
};

/* 307n5z: only what Tab reaches counts, and only the roles ARIA 1.2 gives
 * presentational children (math is not one). */
static const ActCase presentational_cases[] = {
    {"307n5z", "passed", "<button>Save <span tabindex=-1>draft</span></button>"},
    {"307n5z", "failed", "<button>Save <span tabindex=0>draft</span></button>"},
    {"307n5z", "inapplicable", "<div role=math aria-label='x squared'>x<sup>2</sup> <a href=/powers>powers</a></div>"},
    {"307n5z", "failed", "<div role=img aria-label=Map>Wards <a href=/north>North</a></div>"},
};

/* 73f2c2's "static" field: out of the Tab order with a role that is no
 * widget, an autocomplete value says nothing to anyone. */
static const ActCase static_field_cases[] = {
    {"73f2c2", "inapplicable", "<label>Ward <input role=region aria-label=Ward tabindex=-1 autocomplete=wardname></label>"},
    {"73f2c2", "failed", "<label>Ward <input role=region aria-label=Ward tabindex=0 autocomplete=wardname></label>"},
    {"73f2c2", "failed", "<label>Ward <input role=searchbox tabindex=-1 autocomplete=wardname></label>"},
    {"73f2c2", "failed", "<label>Ward <input role=none autocomplete=wardname></label>"},
};

/* d0f69e: a header must head a non-empty cell, and a table of empty
 * cells is not one the rule looks at. */
static const ActCase empty_cell_cases[] = {
    {"d0f69e", "failed", "<table><tr><th>Ward</th><th>Votes</th></tr><tr><td>North</td><td> </td></tr></table>"},
    {"d0f69e", "passed", "<table><tr><th>Ward</th><th>Map</th></tr><tr><td>North</td><td><img src=n.png alt='North ward'></td></tr></table>"},
    {"d0f69e", "passed", "<table><tr><th>Ward</th><th>Votes</th></tr><tr><td>North</td><td><b>12</b></td></tr></table>"},
    {"d0f69e", "inapplicable", "<table><tr><th></th><th> </th></tr><tr><td></td><td></td></tr></table>"},
};

/* e086e5 through accname 1.2 step 2A: a hidden <label> still names its
 * control; hidden words inside a shown label do not. */
static const ActCase hidden_label_cases[] = {
    {"e086e5", "passed", "<label for=ward style='display:none'>Ward</label><input id=ward>"},
    {"e086e5", "passed", "<label for=ward2 hidden><span>Ward</span></label><select id=ward2><option>North</option></select>"},
    {"e086e5", "failed", "<label for=ward3><span hidden>Ward</span></label><input id=ward3>"},
};

/* kb1m8s: what an author wrote role="none" on may not carry what none
 * prohibits, even where that attribute makes browsers undo the none. */
static const ActCase prohibited_on_none_cases[] = {
    {"kb1m8s", "failed", "<h2 role=none aria-roledescription=Notice>Closing soon</h2>"},
    {"kb1m8s", "failed", "<h2 role=presentation aria-brailleroledescription=ntc>Closing soon</h2>"},
    {"kb1m8s", "passed", "<h2 role=none aria-describedby=cs1>Closing soon</h2><p id=cs1>Friday</p>"},
    {"kb1m8s", "passed", "<h2 aria-roledescription=Notice>Closing soon</h2>"},
};

/* HTML5 empty elements: what follows a <source> is its sibling, not its
 * child, so a <picture>'s image is checked like any other (23a2a8). */
static const ActCase void_element_cases[] = {
    {"23a2a8", "failed", "<picture><source srcset=ward.webp type=image/webp><img src=ward.png></picture>"},
    {"23a2a8", "passed", "<picture><source srcset=ward.webp type=image/webp><img src=ward.png alt='North ward map'></picture>"},
};

/* 24afc2, 9e45ec, 78fd32: only an element's own text is locked by its
 * style attribute; its descendants' own elements take a user's spacing. */
static const ActCase own_text_spacing_cases[] = {
    {"24afc2", "inapplicable", "<div style='letter-spacing:0.05em !important'><p>Ward meetings are open to all.</p></div>"},
    {"9e45ec", "inapplicable", "<div style='word-spacing:0.05em !important'><p>Ward meetings are open to all.</p></div>"},
    {"78fd32", "inapplicable", "<div style='line-height:1 !important'><p style='max-width:120px'>Ward meetings are open to all.</p></div>"},
    {"24afc2", "failed", "<div style='letter-spacing:0.05em !important'>Wards: <p>Ward meetings are open to all.</p></div>"},
};

/* 78fd32 applies only where text can wrap onto a new line. */
static const ActCase wrap_cases[] = {
    {"78fd32", "inapplicable", "<p style='line-height:1 !important; white-space:nowrap'>Ward meetings are open to all who live here.</p>"},
    {"78fd32", "inapplicable", "<div style='overflow-x:auto'><p style='line-height:1 !important; width:900px'>Ward meetings are open.</p></div>"},
    {"78fd32", "failed", "<p style='line-height:1 !important; width:100px'>Ward meetings are open to all who live here.</p>"},
};

static void test_aria_context(void **state) { (void)state; RUN(context_cases); }
static void test_aria_owned(void **state) { (void)state; RUN(owned_cases); }
static void test_aria_required(void **state) { (void)state; RUN(required_cases); }
static void test_aria_attributes(void **state) { (void)state; RUN(attribute_cases); }
static void test_link_names(void **state) { (void)state; RUN(link_cases); }
static void test_meta(void **state) { (void)state; RUN(meta_cases); }
static void test_tables(void **state) { (void)state; RUN(table_cases); }
static void test_hidden_focus(void **state) { (void)state; RUN(hidden_focus_cases); }
static void test_autocomplete(void **state) { (void)state; RUN(autocomplete_cases); }
static void test_contrast(void **state) { (void)state; RUN(contrast_cases); }
static void test_presentational(void **state) { (void)state; RUN(presentational_cases); }
static void test_static_fields(void **state) { (void)state; RUN(static_field_cases); }
static void test_empty_cells(void **state) { (void)state; RUN(empty_cell_cases); }
static void test_hidden_labels(void **state) { (void)state; RUN(hidden_label_cases); }
static void test_prohibited_on_none(void **state) { (void)state; RUN(prohibited_on_none_cases); }
static void test_void_elements(void **state) { (void)state; RUN(void_element_cases); }
static void test_own_text_spacing(void **state) { (void)state; RUN(own_text_spacing_cases); }
static void test_wrapping(void **state) { (void)state; RUN(wrap_cases); }
static void test_aria_busy(void **state) { (void)state; RUN(busy_cases); }
static void test_id_references(void **state) { (void)state; RUN(reference_cases); }
static void test_svg_names(void **state) { (void)state; RUN(svg_name_cases); }
static void test_lang_names(void **state) { (void)state; RUN(lang_text_cases); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aria_context),
        cmocka_unit_test(test_aria_owned),
        cmocka_unit_test(test_aria_required),
        cmocka_unit_test(test_aria_attributes),
        cmocka_unit_test(test_link_names),
        cmocka_unit_test(test_meta),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_hidden_focus),
        cmocka_unit_test(test_autocomplete),
        cmocka_unit_test(test_autocomplete_appropriate),
        cmocka_unit_test(test_contrast),
        cmocka_unit_test(test_presentational),
        cmocka_unit_test(test_static_fields),
        cmocka_unit_test(test_empty_cells),
        cmocka_unit_test(test_hidden_labels),
        cmocka_unit_test(test_prohibited_on_none),
        cmocka_unit_test(test_void_elements),
        cmocka_unit_test(test_own_text_spacing),
        cmocka_unit_test(test_wrapping),
        cmocka_unit_test(test_aria_busy),
        cmocka_unit_test(test_id_references),
        cmocka_unit_test(test_svg_names),
        cmocka_unit_test(test_lang_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
