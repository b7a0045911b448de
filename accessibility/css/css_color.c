/* css_color.c: CSS colour values and the WCAG contrast maths. */
#include "css.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* CSS Color Module Level 4 named colours, sorted for bsearch. */
static const struct NamedColor {
    const char *name;
    unsigned rgb;
} named_colors[] = {
    {"aliceblue", 0xf0f8ff}, {"antiquewhite", 0xfaebd7}, {"aqua", 0x00ffff},
    {"aquamarine", 0x7fffd4}, {"azure", 0xf0ffff}, {"beige", 0xf5f5dc},
    {"bisque", 0xffe4c4}, {"black", 0x000000}, {"blanchedalmond", 0xffebcd},
    {"blue", 0x0000ff}, {"blueviolet", 0x8a2be2}, {"brown", 0xa52a2a},
    {"burlywood", 0xdeb887}, {"cadetblue", 0x5f9ea0}, {"chartreuse", 0x7fff00},
    {"chocolate", 0xd2691e}, {"coral", 0xff7f50}, {"cornflowerblue", 0x6495ed},
    {"cornsilk", 0xfff8dc}, {"crimson", 0xdc143c}, {"cyan", 0x00ffff},
    {"darkblue", 0x00008b}, {"darkcyan", 0x008b8b}, {"darkgoldenrod", 0xb8860b},
    {"darkgray", 0xa9a9a9}, {"darkgreen", 0x006400}, {"darkgrey", 0xa9a9a9},
    {"darkkhaki", 0xbdb76b}, {"darkmagenta", 0x8b008b}, {"darkolivegreen", 0x556b2f},
    {"darkorange", 0xff8c00}, {"darkorchid", 0x9932cc}, {"darkred", 0x8b0000},
    {"darksalmon", 0xe9967a}, {"darkseagreen", 0x8fbc8f}, {"darkslateblue", 0x483d8b},
    {"darkslategray", 0x2f4f4f}, {"darkslategrey", 0x2f4f4f}, {"darkturquoise", 0x00ced1},
    {"darkviolet", 0x9400d3}, {"deeppink", 0xff1493}, {"deepskyblue", 0x00bfff},
    {"dimgray", 0x696969}, {"dimgrey", 0x696969}, {"dodgerblue", 0x1e90ff},
    {"firebrick", 0xb22222}, {"floralwhite", 0xfffaf0}, {"forestgreen", 0x228b22},
    {"fuchsia", 0xff00ff}, {"gainsboro", 0xdcdcdc}, {"ghostwhite", 0xf8f8ff},
    {"gold", 0xffd700}, {"goldenrod", 0xdaa520}, {"gray", 0x808080},
    {"green", 0x008000}, {"greenyellow", 0xadff2f}, {"grey", 0x808080},
    {"honeydew", 0xf0fff0}, {"hotpink", 0xff69b4}, {"indianred", 0xcd5c5c},
    {"indigo", 0x4b0082}, {"ivory", 0xfffff0}, {"khaki", 0xf0e68c},
    {"lavender", 0xe6e6fa}, {"lavenderblush", 0xfff0f5}, {"lawngreen", 0x7cfc00},
    {"lemonchiffon", 0xfffacd}, {"lightblue", 0xadd8e6}, {"lightcoral", 0xf08080},
    {"lightcyan", 0xe0ffff}, {"lightgoldenrodyellow", 0xfafad2}, {"lightgray", 0xd3d3d3},
    {"lightgreen", 0x90ee90}, {"lightgrey", 0xd3d3d3}, {"lightpink", 0xffb6c1},
    {"lightsalmon", 0xffa07a}, {"lightseagreen", 0x20b2aa}, {"lightskyblue", 0x87cefa},
    {"lightslategray", 0x778899}, {"lightslategrey", 0x778899}, {"lightsteelblue", 0xb0c4de},
    {"lightyellow", 0xffffe0}, {"lime", 0x00ff00}, {"limegreen", 0x32cd32},
    {"linen", 0xfaf0e6}, {"magenta", 0xff00ff}, {"maroon", 0x800000},
    {"mediumaquamarine", 0x66cdaa}, {"mediumblue", 0x0000cd}, {"mediumorchid", 0xba55d3},
    {"mediumpurple", 0x9370db}, {"mediumseagreen", 0x3cb371}, {"mediumslateblue", 0x7b68ee},
    {"mediumspringgreen", 0x00fa9a}, {"mediumturquoise", 0x48d1cc}, {"mediumvioletred", 0xc71585},
    {"midnightblue", 0x191970}, {"mintcream", 0xf5fffa}, {"mistyrose", 0xffe4e1},
    {"moccasin", 0xffe4b5}, {"navajowhite", 0xffdead}, {"navy", 0x000080},
    {"oldlace", 0xfdf5e6}, {"olive", 0x808000}, {"olivedrab", 0x6b8e23},
    {"orange", 0xffa500}, {"orangered", 0xff4500}, {"orchid", 0xda70d6},
    {"palegoldenrod", 0xeee8aa}, {"palegreen", 0x98fb98}, {"paleturquoise", 0xafeeee},
    {"palevioletred", 0xdb7093}, {"papayawhip", 0xffefd5}, {"peachpuff", 0xffdab9},
    {"peru", 0xcd853f}, {"pink", 0xffc0cb}, {"plum", 0xdda0dd},
    {"powderblue", 0xb0e0e6}, {"purple", 0x800080}, {"rebeccapurple", 0x663399},
    {"red", 0xff0000}, {"rosybrown", 0xbc8f8f}, {"royalblue", 0x4169e1},
    {"saddlebrown", 0x8b4513}, {"salmon", 0xfa8072}, {"sandybrown", 0xf4a460},
    {"seagreen", 0x2e8b57}, {"seashell", 0xfff5ee}, {"sienna", 0xa0522d},
    {"silver", 0xc0c0c0}, {"skyblue", 0x87ceeb}, {"slateblue", 0x6a5acd},
    {"slategray", 0x708090}, {"slategrey", 0x708090}, {"snow", 0xfffafa},
    {"springgreen", 0x00ff7f}, {"steelblue", 0x4682b4}, {"tan", 0xd2b48c},
    {"teal", 0x008080}, {"thistle", 0xd8bfd8}, {"tomato", 0xff6347},
    {"turquoise", 0x40e0d0}, {"violet", 0xee82ee}, {"wheat", 0xf5deb3},
    {"white", 0xffffff}, {"whitesmoke", 0xf5f5f5}, {"yellow", 0xffff00},
    {"yellowgreen", 0x9acd32},
};

static int compare_named(const void *key, const void *entry)
{
    return strcasecmp(key, ((const struct NamedColor *)entry)->name);
}

static int hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Reads one number, with an optional '%', advancing *p.  Percentages are
 * scaled so 100% equals full (255 for channels, 1 for alpha). */
static bool read_component(const char **p, double full, double *out)
{
    const char *s = *p;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == ',' || *s == '/')
        s++;
    char *end;
    double v = strtod(s, &end);
    if (end == s)
        return false;
    if (*end == '%') {
        v = v * full / 100.0;
        end++;
    } else {
        /* Angles for hue: deg is the default unit. */
        if (!strncasecmp(end, "deg", 3))
            end += 3;
        else if (!strncasecmp(end, "turn", 4)) {
            v *= 360;
            end += 4;
        }
    }
    *p = end;
    *out = v;
    return true;
}

static double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static double hue_to_rgb(double m1, double m2, double h)
{
    if (h < 0)
        h += 1;
    if (h > 1)
        h -= 1;
    if (h * 6 < 1)
        return m1 + (m2 - m1) * h * 6;
    if (h * 2 < 1)
        return m2;
    if (h * 3 < 2)
        return m1 + (m2 - m1) * (2.0 / 3 - h) * 6;
    return m1;
}

bool css_parse_color(const char *text, CssColor *out)
{
    while (isspace((unsigned char)*text))
        text++;
    size_t len = strlen(text);
    while (len && isspace((unsigned char)text[len - 1]))
        len--;
    if (!len)
        return false;
    if (text[0] == '#') {
        int d[8];
        size_t n = len - 1;
        if (n != 3 && n != 4 && n != 6 && n != 8)
            return false;
        for (size_t i = 0; i < n; i++)
            if ((d[i] = hex_digit((unsigned char)text[1 + i])) < 0)
                return false;
        if (n <= 4) {
            out->r = d[0] * 17;
            out->g = d[1] * 17;
            out->b = d[2] * 17;
            out->a = n == 4 ? d[3] * 17 / 255.0 : 1;
        } else {
            out->r = d[0] * 16 + d[1];
            out->g = d[2] * 16 + d[3];
            out->b = d[4] * 16 + d[5];
            out->a = n == 8 ? (d[6] * 16 + d[7]) / 255.0 : 1;
        }
        return true;
    }
    if (!strncasecmp(text, "rgb", 3)) {
        const char *p = strchr(text, '(');
        if (!p)
            return false;
        p++;
        double c[4] = {0, 0, 0, 1};
        for (int i = 0; i < 3; i++)
            if (!read_component(&p, 255, &c[i]))
                return false;
        read_component(&p, 1, &c[3]);
        out->r = clamp(c[0], 0, 255);
        out->g = clamp(c[1], 0, 255);
        out->b = clamp(c[2], 0, 255);
        out->a = clamp(c[3], 0, 1);
        return true;
    }
    if (!strncasecmp(text, "hsl", 3)) {
        const char *p = strchr(text, '(');
        if (!p)
            return false;
        p++;
        double h, s, l, a = 1;
        if (!read_component(&p, 360, &h) || !read_component(&p, 100, &s) ||
            !read_component(&p, 100, &l))
            return false;
        read_component(&p, 1, &a);
        h = fmod(fmod(h, 360) + 360, 360) / 360;
        s = clamp(s / 100, 0, 1);
        l = clamp(l / 100, 0, 1);
        double m2 = l <= 0.5 ? l * (s + 1) : l + s - l * s;
        double m1 = l * 2 - m2;
        out->r = 255 * hue_to_rgb(m1, m2, h + 1.0 / 3);
        out->g = 255 * hue_to_rgb(m1, m2, h);
        out->b = 255 * hue_to_rgb(m1, m2, h - 1.0 / 3);
        out->a = clamp(a, 0, 1);
        return true;
    }
    char name[32];
    if (len >= sizeof name)
        return false;
    memcpy(name, text, len);
    name[len] = '\0';
    if (!strcasecmp(name, "transparent")) {
        *out = (CssColor){0, 0, 0, 0};
        return true;
    }
    const struct NamedColor *nc = bsearch(name, named_colors,
                                          sizeof named_colors / sizeof named_colors[0],
                                          sizeof named_colors[0], compare_named);
    if (!nc) {
        /* System colours a browser resolves itself: the usual defaults. */
        static const struct NamedColor system[] = {
            {"canvas", 0xffffff}, {"canvastext", 0x000000}, {"buttonface", 0xefefef},
            {"buttontext", 0x000000}, {"field", 0xffffff}, {"fieldtext", 0x000000},
            {"linktext", 0x0000ee}, {"visitedtext", 0x551a8b}, {"graytext", 0x6d6d6d},
        };
        for (size_t i = 0; i < sizeof system / sizeof system[0]; i++)
            if (!strcasecmp(name, system[i].name))
                nc = &system[i];
        if (!nc)
            return false;
    }
    out->r = (nc->rgb >> 16) & 0xff;
    out->g = (nc->rgb >> 8) & 0xff;
    out->b = nc->rgb & 0xff;
    out->a = 1;
    return true;
}

static double linear_channel_of(double c)
{
    c /= 255.0;
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* Every text node's contrast costs pow() per channel, and most channels
 * are whole numbers 0..255: those are worked out once, by the same sum. */
static double linear_table[256];
static pthread_once_t linear_once = PTHREAD_ONCE_INIT;

static void fill_linear_table(void)
{
    for (int i = 0; i < 256; i++)
        linear_table[i] = linear_channel_of(i);
}

static double linear_channel(double c)
{
    if (c >= 0 && c <= 255 && c == (double)(int)c) {
        pthread_once(&linear_once, fill_linear_table);
        return linear_table[(int)c];
    }
    return linear_channel_of(c);
}

double css_relative_luminance(CssColor c)
{
    return 0.2126 * linear_channel(c.r) + 0.7152 * linear_channel(c.g) +
           0.0722 * linear_channel(c.b);
}

double css_contrast_ratio(CssColor a, CssColor b)
{
    double la = css_relative_luminance(a), lb = css_relative_luminance(b);
    if (la < lb) {
        double t = la;
        la = lb;
        lb = t;
    }
    return (la + 0.05) / (lb + 0.05);
}

CssColor css_blend(CssColor top, CssColor bottom)
{
    double a = top.a + bottom.a * (1 - top.a);
    if (a <= 0)
        return (CssColor){0, 0, 0, 0};
    CssColor out;
    out.r = (top.r * top.a + bottom.r * bottom.a * (1 - top.a)) / a;
    out.g = (top.g * top.a + bottom.g * bottom.a * (1 - top.a)) / a;
    out.b = (top.b * top.a + bottom.b * bottom.a * (1 - top.a)) / a;
    out.a = a;
    return out;
}
