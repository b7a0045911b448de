/* test_css.c: colours, contrast maths, stylesheet parsing and the cascade. */
#include "testutil.h"
#include "css_dom.h"
#include "util.h"
#include "css.h"

#include <libxml/HTMLparser.h>
#include <math.h>
#include <string.h>

static void test_colour_syntaxes(void **state)
{
    (void)state;
    CssColor c;
    assert_true(css_parse_color("#fff", &c));
    assert_true(c.r == 255 && c.g == 255 && c.b == 255 && c.a == 1);
    assert_true(css_parse_color("#12345680", &c));
    assert_true(c.r == 0x12 && c.g == 0x34 && c.b == 0x56 && fabs(c.a - 128 / 255.0) < 1e-9);
    assert_true(css_parse_color("rgb(10, 20, 30)", &c));
    assert_true(c.r == 10 && c.g == 20 && c.b == 30 && c.a == 1);
    assert_true(css_parse_color("rgba(0 0 0 / 50%)", &c));
    assert_true(fabs(c.a - 0.5) < 1e-9);
    assert_true(css_parse_color("hsl(120, 100%, 25%)", &c));
    assert_true(fabs(c.r) < 0.5 && fabs(c.g - 127.5) < 0.5 && fabs(c.b) < 0.5);
    assert_true(css_parse_color("RebeccaPurple", &c));
    assert_true(c.r == 0x66 && c.g == 0x33 && c.b == 0x99);
    assert_true(css_parse_color("transparent", &c));
    assert_true(c.a == 0);
    assert_false(css_parse_color("#ggg", &c));
    assert_false(css_parse_color("notacolour", &c));
}

static void test_contrast_maths(void **state)
{
    (void)state;
    CssColor black = {0, 0, 0, 1}, white = {255, 255, 255, 1}, grey = {0x77, 0x77, 0x77, 1};
    assert_true(fabs(css_contrast_ratio(black, white) - 21.0) < 1e-9);
    assert_true(fabs(css_contrast_ratio(white, white) - 1.0) < 1e-9);
    /* #777 on white is the classic near miss: 4.48:1. */
    assert_true(fabs(css_contrast_ratio(grey, white) - 4.478) < 0.005);
    /* 30% black over white paints a light grey. */
    CssColor light = css_blend((CssColor){0, 0, 0, 0.3}, white);
    assert_true(fabs(light.r - 178.5) < 1e-6 && light.a == 1);
}

static void test_cascade_order_specificity_important(void **state)
{
    (void)state;
    Styled s = style("/* comment */ p { color: red } .a { color: blue } #x { color: green }"
                     " p { color: black !important } .b { color: navy } .b { color: teal }",
                     "<p id=x class=a>1</p><p id=y class=a style='color: yellow'>2</p>"
                     "<div id=z class=b>3</div><div id=w class=b style='color: lime !important'>4</div>");
    CssColor black = {0, 0, 0, 1};
    assert_memory_equal(&of(&s, "x")->color, &black, sizeof black);   /* !important beats id */
    assert_memory_equal(&of(&s, "y")->color, &black, sizeof black);   /* and inline normal */
    CssColor teal;
    css_parse_color("teal", &teal);
    assert_memory_equal(&of(&s, "z")->color, &teal, sizeof teal);     /* later rule wins */
    CssColor lime;
    css_parse_color("lime", &lime);
    assert_memory_equal(&of(&s, "w")->color, &lime, sizeof lime);     /* inline important */
    done(&s);
}

static void test_inheritance_and_units(void **state)
{
    (void)state;
    Styled s = style("html { font-size: 20px } section { font-size: 1.5em; color: #333 }"
                     " .rem { font-size: 2rem } .pt { font-size: 18pt; font-weight: bold }"
                     " .pc { font-size: 50% } h2 { font-style: italic }",
                     "<section id=s><p id=p>a<span id=r class=rem>b</span>"
                     "<span id=t class=pt>c</span><span id=h class=pc>d</span></p>"
                     "<h2 id=h2>e</h2></section>");
    assert_true(fabs(of(&s, "s")->font_size_px - 30) < 1e-9);
    assert_true(fabs(of(&s, "p")->font_size_px - 30) < 1e-9);   /* inherited */
    assert_true(of(&s, "p")->color.r == 0x33);                   /* inherited colour */
    assert_true(fabs(of(&s, "r")->font_size_px - 40) < 1e-9);   /* rem: root 20px */
    assert_true(fabs(of(&s, "t")->font_size_px - 24) < 1e-9);   /* 18pt = 24px */
    assert_int_equal(of(&s, "t")->font_weight, 700);
    assert_true(fabs(of(&s, "h")->font_size_px - 15) < 1e-9);
    /* The browser default makes h2 1.5em and bold; the author adds italic. */
    assert_true(fabs(of(&s, "h2")->font_size_px - 45) < 1e-9);
    assert_int_equal(of(&s, "h2")->font_weight, 700);
    assert_int_equal(of(&s, "h2")->font_style, CSS_FONT_ITALIC);
    done(&s);
}

static void test_selectors_and_media(void **state)
{
    (void)state;
    Styled s = style("@media print { #a { color: red } }"
                     "@media screen and (min-width: 1px) { #b { color: red } }"
                     "ul > li + li { color: red } li ~ .last { font-weight: 900 }"
                     "p:not(.skip) { color: red } a:hover { color: red }"
                     "[data-x^=ab] { color: red } :root { background-color: #eee }"
                     "div p em { color: red }",
                     "<p id=a class=skip>x</p><p id=b>x</p>"
                     "<ul><li id=l1>1</li><li id=l2>2</li><li id=l3 class=last>3</li></ul>"
                     "<a id=link href=#>x</a><span id=d data-x=abc>x</span>"
                     "<div><section><p class=skip><em id=em>x</em></p></section></div>");
    assert_true(of(&s, "a")->color.r == 0);     /* print rule skipped */
    assert_true(of(&s, "b")->color.r == 255);   /* screen rule applied */
    assert_true(of(&s, "l1")->color.r == 0);
    assert_true(of(&s, "l2")->color.r == 255);
    assert_int_equal(of(&s, "l3")->font_weight, 900);
    assert_true(of(&s, "link")->color.b == 0xee);   /* :hover never applies */
    assert_true(of(&s, "d")->color.r == 255);
    assert_true(of(&s, "em")->color.r == 255);
    xmlNodePtr root = xmlDocGetRootElement(s.doc);
    assert_true(css_style_of(s.styles, root)->background_color.r == 0xee);
    done(&s);
}

/* No selector is dropped for its length: 40 classes, 20 attribute
 * tests and 40 compound parts still apply (the parser once stopped at 32,
 * 16 and 32, and ignored the rule without a word). */
static void test_long_selectors_apply(void **state)
{
    (void)state;
    StrBuf css, html, chain, open, close;
    sb_init(&css);
    sb_init(&html);
    sb_init(&chain);
    sb_init(&open);
    sb_init(&close);
    sb_append(&css, "p");
    sb_append(&html, "<p id=many class='");
    for (int i = 0; i < 40; i++) {
        sb_printf(&css, ".c%d", i);
        sb_printf(&html, "c%d ", i);
    }
    sb_append(&html, "'");
    for (int i = 0; i < 20; i++) {
        sb_printf(&css, "[data-a%d]", i);
        sb_printf(&html, " data-a%d", i);
    }
    sb_append(&css, " { color: red }\n");
    sb_append(&html, ">x</p>");
    for (int i = 0; i < 40; i++) {
        sb_printf(&chain, "%sdiv", i ? " > " : "");
        sb_append(&open, "<div>");
        sb_append(&close, "</div>");
    }
    sb_printf(&css, "%s > span { color: blue }", chain.data);
    sb_printf(&html, "%s<span id=deep>y</span>%s", open.data, close.data);
    Styled s = style(css.data, html.data);
    assert_true(of(&s, "many")->color.r == 255);
    assert_true(of(&s, "deep")->color.b == 255);
    done(&s);
    sb_free(&css);
    sb_free(&html);
    sb_free(&chain);
    sb_free(&open);
    sb_free(&close);
}

/* Rules are filed by the id, class or tag of their rightmost compound
 * (or as universal) and tried only on elements that have that key; rules
 * needing ancestor names the element's ancestors lack are skipped early.
 * None of that may change which rules apply or in what order. */
static void test_rule_index_keeps_the_cascade(void **state)
{
    (void)state;
    Styled s = style(
        /* one key each */
        "#byid { font-weight: 900 } .byclass { font-weight: 800 } em { font-weight: 700 }"
        " * { font-style: italic }"
        /* specificity across buckets: the class rule comes first but wins */
        " .k { color: red } p { color: blue }"
        /* same specificity in different buckets: the later rule wins */
        " .late { color: red } [data-late] { color: lime }"
        " .two { color: red } .one { color: navy }"
        /* tag beats universal whatever the order */
        " span { text-align: center } * { text-align: right }"
        /* ancestors and siblings */
        " .nav a { color: teal } #main .in { color: olive } div > p.child { color: maroon }"
        " h1 + p { color: purple } h1 ~ .later { color: fuchsia }"
        " section :not(.skip) > b { color: aqua } [lang|=en] i { color: silver }"
        " .x.y .z { color: gray }",
        "<p id=byid>1</p><p id=byclass class=byclass>2</p><em id=em>3</em>"
        "<p id=k class=k>4</p>"
        "<p id=late class=late data-late>5</p><p id=two class='one two'>6</p>"
        "<span id=sp>7</span>"
        "<div class='wide nav'><ul><li><a id=in-nav href=#>8</a></li></ul></div>"
        "<a id=out-nav href=#>9</a>"
        "<div id=main><p><span id=in class=in>10</span></p></div><span id=out class=in>11</span>"
        "<div><p id=child class=child>12</p><section><p id=grandchild class=child>13</p>"
        "</section></div>"
        "<div><h1>h</h1><p id=next>14</p><p id=after class=later>15</p></div>"
        "<section><div class=skip><b id=skipped>16</b></div><div><b id=kept>17</b></div>"
        "</section>"
        "<div lang=en-GB><i id=lang>18</i></div>"
        "<div class='y x'><p><span id=xyz class=z>19</span></p></div>"
        "<div class=x><span id=xonly class=z>20</span></div>");
    CssColor c;
    assert_int_equal(of(&s, "byid")->font_weight, 900);
    assert_int_equal(of(&s, "byclass")->font_weight, 800);
    assert_int_equal(of(&s, "em")->font_weight, 700);
    assert_int_equal(of(&s, "byid")->font_style, CSS_FONT_ITALIC);   /* universal */
    assert_true(of(&s, "k")->color.r == 255 && of(&s, "k")->color.b == 0);
    css_parse_color("lime", &c);
    assert_memory_equal(&of(&s, "late")->color, &c, sizeof c);
    css_parse_color("navy", &c);
    assert_memory_equal(&of(&s, "two")->color, &c, sizeof c);
    assert_int_equal(of(&s, "sp")->text_align, CSS_ALIGN_CENTER);
    css_parse_color("teal", &c);
    assert_memory_equal(&of(&s, "in-nav")->color, &c, sizeof c);
    CssColor link_blue = {0, 0, 0xee, 1};   /* the browser's a:link colour */
    assert_memory_equal(&of(&s, "out-nav")->color, &link_blue, sizeof link_blue);
    css_parse_color("olive", &c);
    assert_memory_equal(&of(&s, "in")->color, &c, sizeof c);
    assert_true(of(&s, "out")->color.r == 0);
    css_parse_color("maroon", &c);
    assert_memory_equal(&of(&s, "child")->color, &c, sizeof c);
    assert_true(of(&s, "grandchild")->color.r == 0);
    css_parse_color("purple", &c);
    assert_memory_equal(&of(&s, "next")->color, &c, sizeof c);
    css_parse_color("fuchsia", &c);
    assert_memory_equal(&of(&s, "after")->color, &c, sizeof c);
    assert_true(of(&s, "skipped")->color.r == 0 && of(&s, "skipped")->color.g == 0);
    css_parse_color("aqua", &c);
    assert_memory_equal(&of(&s, "kept")->color, &c, sizeof c);
    css_parse_color("silver", &c);
    assert_memory_equal(&of(&s, "lang")->color, &c, sizeof c);
    css_parse_color("gray", &c);
    assert_memory_equal(&of(&s, "xyz")->color, &c, sizeof c);
    assert_true(of(&s, "xonly")->color.r == 0);
    done(&s);
}

static void test_backgrounds_and_hiding(void **state)
{
    (void)state;
    Styled s = style(".g { background: linear-gradient(to right, #fff, rgb(0,0,255)) }"
                     ".i { background: #000 url(x.png) no-repeat }"
                     ".h { display: none } .v { visibility: hidden } .o { opacity: .3 }",
                     "<div id=g class=g>x</div><div id=i class=i>x</div>"
                     "<div class=h><p id=under>x</p></div><p id=v class=v>x</p>"
                     "<p id=o class=o>x</p>");
    const CssStyle *g = of(&s, "g");
    assert_int_equal(g->background_kind, CSS_BG_GRADIENT);
    assert_int_equal(g->stop_count, 2);
    assert_true(g->stops[1].b == 255 && g->stops[1].r == 0);
    assert_int_equal(of(&s, "i")->background_kind, CSS_BG_IMAGE);
    assert_true(of(&s, "i")->background_color.a == 1 && of(&s, "i")->background_color.r == 0);
    xmlNodePtr root = xmlDocGetRootElement(s.doc);
    assert_true(css_is_hidden(s.styles, find_id(root, "under")));
    assert_true(css_is_hidden(s.styles, find_id(root, "v")));
    assert_false(css_is_hidden(s.styles, find_id(root, "o")));
    assert_true(fabs(of(&s, "o")->opacity - 0.3) < 1e-9);
    done(&s);
}

static void test_cache_shares_parsed_sheets(void **state)
{
    (void)state;
    const char *css = "p { color: red }";
    const CssStylesheet *a = css_cache_get(css, strlen(css));
    const CssStylesheet *b = css_cache_get(css, strlen(css));
    const CssStylesheet *c = css_cache_get("p { color: blue }", 17);
    assert_ptr_equal(a, b);
    assert_ptr_not_equal(a, c);
    assert_int_equal(css_stylesheet_rule_count(a), 1);
    css_cache_clear();
}

static void test_lengths(void **state)
{
    (void)state;
    double px;
    assert_true(css_parse_length("1.5em", 10, 16, 100, &px));
    assert_true(fabs(px - 15) < 1e-9);
    assert_true(css_parse_length(" 12pt ", 10, 16, 100, &px));
    assert_true(fabs(px - 16) < 1e-9);
    assert_true(css_parse_length("50%", 10, 16, 30, &px));
    assert_true(fabs(px - 15) < 1e-9);
    assert_false(css_parse_length("wide", 10, 16, 30, &px));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_colour_syntaxes),
        cmocka_unit_test(test_contrast_maths),
        cmocka_unit_test(test_cascade_order_specificity_important),
        cmocka_unit_test(test_inheritance_and_units),
        cmocka_unit_test(test_selectors_and_media),
        cmocka_unit_test(test_long_selectors_apply),
        cmocka_unit_test(test_rule_index_keeps_the_cascade),
        cmocka_unit_test(test_backgrounds_and_hiding),
        cmocka_unit_test(test_cache_shares_parsed_sheets),
        cmocka_unit_test(test_lengths),
    };
    return cmocka_run_group_tests_name("css", tests, NULL, NULL);
}
