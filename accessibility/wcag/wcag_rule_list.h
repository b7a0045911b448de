/* wcag_rule_list.h: every rule the WCAG checker reports.  Internal. */
#ifndef SAYSO_WCAG_RULE_LIST_H
#define SAYSO_WCAG_RULE_LIST_H

#include "findings.h"

extern const Rule RULE_HTML_HAS_LANG;
extern const Rule RULE_HTML_LANG_VALID;
extern const Rule RULE_HTML_XML_LANG_MISMATCH;
extern const Rule RULE_LANG_VALID;
extern const Rule RULE_DOCUMENT_TITLE;
extern const Rule RULE_IMAGE_ALT;
extern const Rule RULE_IMAGE_BUTTON_NAME;
extern const Rule RULE_SVG_IMG_NAME;
extern const Rule RULE_OBJECT_NAME;
extern const Rule RULE_DECORATIVE_EXPOSED;
extern const Rule RULE_LINK_NAME;
extern const Rule RULE_BUTTON_NAME;
extern const Rule RULE_FORM_FIELD_NAME;
extern const Rule RULE_MENUITEM_NAME;
extern const Rule RULE_SUMMARY_NAME;
extern const Rule RULE_FRAME_NAME;
extern const Rule RULE_HEADING_NAME;
extern const Rule RULE_ARIA_ROLE_VALID;
extern const Rule RULE_ARIA_ATTR_DEFINED;
extern const Rule RULE_ARIA_ATTR_VALUE;
extern const Rule RULE_ARIA_ATTR_ALLOWED;
extern const Rule RULE_ARIA_PROHIBITED;
extern const Rule RULE_ARIA_REQUIRED_ATTR;
extern const Rule RULE_ARIA_REQUIRED_CONTEXT;
extern const Rule RULE_ARIA_REQUIRED_OWNED;
extern const Rule RULE_ARIA_HIDDEN_FOCUS;
extern const Rule RULE_PRESENTATIONAL_FOCUS;
extern const Rule RULE_TABLE_HEADERS_ATTR;
extern const Rule RULE_TABLE_HEADER_CELLS;
extern const Rule RULE_META_REFRESH;
extern const Rule RULE_META_REFRESH_NO_EXCEPTION;
extern const Rule RULE_META_VIEWPORT;
extern const Rule RULE_AUTOCOMPLETE_VALID;
extern const Rule RULE_AUTOCOMPLETE_APPROPRIATE;
extern const Rule RULE_LETTER_SPACING;
extern const Rule RULE_WORD_SPACING;
extern const Rule RULE_LINE_HEIGHT;
extern const Rule RULE_COLOR_CONTRAST;
extern const Rule RULE_BYPASS_BLOCKS;
extern const Rule RULE_BYPASS_HEADING;
extern const Rule RULE_BYPASS_SKIP_LINK;
extern const Rule RULE_BYPASS_LANDMARK;
extern const Rule RULE_HEADING_ORDER;
extern const Rule RULE_EMPTY_HEADING;
extern const Rule RULE_LINK_TEXT_VAGUE;
extern const Rule RULE_IMAGE_ALT_REDUNDANT;
extern const Rule RULE_IMAGE_OF_TEXT;

#endif
