/* wcag_rule_list.c: the rules of the WCAG checker, one place for their
 * ids, levels, success criteria and W3C ACT rule ids. */
#include "wcag_rule_list.h"
#include "wcag.h"

const Rule RULE_HTML_HAS_LANG = {"html-has-lang", "wcag", LEVEL_ERROR, "3.1.1", "b5c3f8", "Page has no language"};
const Rule RULE_HTML_LANG_VALID = {"html-lang-valid", "wcag", LEVEL_ERROR, "3.1.1", "bf051a", "Page language is not a valid language code"};
const Rule RULE_HTML_XML_LANG_MISMATCH = {"html-xml-lang-mismatch", "wcag", LEVEL_ERROR, "3.1.1", "5b7ae0", "Page lang and xml:lang disagree"};
const Rule RULE_LANG_VALID = {"lang-valid", "wcag", LEVEL_ERROR, "3.1.2", "de46e4", "Language of a part is not a valid language code"};
const Rule RULE_DOCUMENT_TITLE = {"document-title", "wcag", LEVEL_ERROR, "2.4.2", "2779a5", "Page has no title"};
const Rule RULE_IMAGE_ALT = {"image-alt", "wcag", LEVEL_ERROR, "1.1.1", "23a2a8", "Image has no text alternative"};
const Rule RULE_IMAGE_BUTTON_NAME = {"image-button-name", "wcag", LEVEL_ERROR, "1.1.1,4.1.2", "59796f", "Image button has no text alternative"};
const Rule RULE_SVG_IMG_NAME = {"svg-img-name", "wcag", LEVEL_ERROR, "1.1.1", "7d6734", "SVG image has no text alternative"};
const Rule RULE_OBJECT_NAME = {"object-name", "wcag", LEVEL_ERROR, "1.1.1", "8fc3b6", "Embedded object has no text alternative"};
const Rule RULE_DECORATIVE_EXPOSED = {"decorative-exposed", "wcag", LEVEL_ERROR, "1.1.1", "46ca7f", "Decorative image is still announced"};
const Rule RULE_LINK_NAME = {"link-name", "wcag", LEVEL_ERROR, "2.4.4,4.1.2", "c487ae", "Link has no accessible name"};
const Rule RULE_BUTTON_NAME = {"button-name", "wcag", LEVEL_ERROR, "4.1.2", "97a4e1", "Button has no accessible name"};
const Rule RULE_FORM_FIELD_NAME = {"form-field-name", "wcag", LEVEL_ERROR, "4.1.2", "e086e5", "Form field has no label"};
const Rule RULE_MENUITEM_NAME = {"menuitem-name", "wcag", LEVEL_ERROR, "4.1.2", "m6b1q3", "Menu item has no accessible name"};
const Rule RULE_SUMMARY_NAME = {"summary-name", "wcag", LEVEL_ERROR, "4.1.2", "2t702h", "Summary has no accessible name"};
const Rule RULE_FRAME_NAME = {"frame-name", "wcag", LEVEL_ERROR, "4.1.2", "cae760", "Frame has no accessible name"};
const Rule RULE_HEADING_NAME = {"heading-name", "wcag", LEVEL_ERROR, "1.3.1,2.4.6", "ffd0e9", "Heading is empty for screen readers"};
const Rule RULE_ARIA_ROLE_VALID = {"aria-role-valid", "wcag", LEVEL_ERROR, "1.3.1,4.1.2", "674b10", "Role attribute has no valid role"};
const Rule RULE_ARIA_ATTR_DEFINED = {"aria-attr-defined", "wcag", LEVEL_ERROR, "4.1.2", "5f99a7", "ARIA attribute does not exist"};
const Rule RULE_ARIA_ATTR_VALUE = {"aria-attr-value", "wcag", LEVEL_ERROR, "4.1.2", "6a7281", "ARIA attribute has an invalid value"};
const Rule RULE_ARIA_ATTR_ALLOWED = {"aria-attr-allowed", "wcag", LEVEL_ERROR, "4.1.2", "5c01ea", "ARIA attribute is not allowed on this role"};
/* ACT 5c01ea (expectation 2) fails prohibited attributes as kb1m8s does. */
const Rule RULE_ARIA_PROHIBITED = {"aria-prohibited-attr", "wcag", LEVEL_ERROR, "4.1.2", "kb1m8s,5c01ea", "ARIA attribute is prohibited on this role"};
const Rule RULE_ARIA_REQUIRED_ATTR = {"aria-required-attr", "wcag", LEVEL_ERROR, "4.1.2", "4e8ab6", "Role is missing a required ARIA state"};
const Rule RULE_ARIA_REQUIRED_CONTEXT = {"aria-required-parent", "wcag", LEVEL_ERROR, "1.3.1", "ff89c9", "Element is not inside the role it needs"};
const Rule RULE_ARIA_REQUIRED_OWNED = {"aria-required-children", "wcag", LEVEL_ERROR, "1.3.1", "bc4a75", "Element contains children of the wrong role"};
const Rule RULE_ARIA_HIDDEN_FOCUS = {"aria-hidden-focus", "wcag", LEVEL_ERROR, "1.3.1,4.1.2", "6cfa84", "Hidden content can still take keyboard focus"};
const Rule RULE_PRESENTATIONAL_FOCUS = {"presentational-children-focus", "wcag", LEVEL_ERROR, "1.3.1,4.1.2", "307n5z", "Focusable element inside one whose children are presentational"};
const Rule RULE_TABLE_HEADERS_ATTR = {"table-headers-attr", "wcag", LEVEL_ERROR, "1.3.1", "a25f45", "Headers attribute points outside the table"};
const Rule RULE_TABLE_HEADER_CELLS = {"table-header-cells", "wcag", LEVEL_ERROR, "1.3.1", "d0f69e", "Table header has no cells"};
const Rule RULE_META_REFRESH = {"meta-refresh", "wcag", LEVEL_ERROR, "2.2.1", "bc659a,bisz58", "Page refreshes or redirects after a delay"};
const Rule RULE_META_REFRESH_NO_EXCEPTION = {"meta-refresh-no-exception", "wcag", LEVEL_WARNING, "2.2.4,3.2.5", "bisz58", "Page refreshes or redirects after a delay"};
const Rule RULE_META_VIEWPORT = {"meta-viewport", "wcag", LEVEL_ERROR, "1.4.4", "b4f0c3", "Page stops people zooming"};
const Rule RULE_AUTOCOMPLETE_VALID = {"autocomplete-valid", "wcag", LEVEL_ERROR, "1.3.5", "73f2c2", "Autocomplete value is not valid"};
/* ACT 73f2c2 no longer asks whether the field suits the control (the
 * purpose is identifiable either way), so this is sayso's own warning. */
const Rule RULE_AUTOCOMPLETE_APPROPRIATE = {"autocomplete-appropriate", "wcag", LEVEL_WARNING, "1.3.5", NULL, "Autocomplete value does not suit the field"};
const Rule RULE_LETTER_SPACING = {"text-spacing-letter", "wcag", LEVEL_ERROR, "1.4.12", "24afc2", "Letter spacing is locked too narrow"};
const Rule RULE_WORD_SPACING = {"text-spacing-word", "wcag", LEVEL_ERROR, "1.4.12", "9e45ec", "Word spacing is locked too narrow"};
const Rule RULE_LINE_HEIGHT = {"text-spacing-line-height", "wcag", LEVEL_ERROR, "1.4.12", "78fd32", "Line height is locked too small"};
const Rule RULE_COLOR_CONTRAST = {"color-contrast", "wcag", LEVEL_ERROR, "1.4.3", "afw4f7", "Text contrast is too low"};
const Rule RULE_BYPASS_BLOCKS = {"bypass-blocks", "wcag", LEVEL_ERROR, "2.4.1", "cf77f2,047fe0,ye5d6e,b40fd1", "No way to skip repeated content"};
const Rule RULE_BYPASS_HEADING = {"bypass-heading", "wcag", LEVEL_WARNING, "2.4.1", "047fe0", "Main content does not start with a heading"};
const Rule RULE_BYPASS_SKIP_LINK = {"bypass-skip-link", "wcag", LEVEL_WARNING, "2.4.1", "ye5d6e", "No skip link to the main content"};
const Rule RULE_BYPASS_LANDMARK = {"bypass-landmark", "wcag", LEVEL_WARNING, "2.4.1", "b40fd1", "No main landmark"};
const Rule RULE_HEADING_ORDER = {"heading-order", "wcag", LEVEL_WARNING, "1.3.1", NULL, "Heading level skipped"};
const Rule RULE_EMPTY_HEADING = {"empty-heading", "wcag", LEVEL_WARNING, "1.3.1,2.4.6", NULL, "Heading shows no text"};
const Rule RULE_LINK_TEXT_VAGUE = {"link-text", "wcag", LEVEL_WARNING, "2.4.4", NULL, "Link text does not say where it goes"};
const Rule RULE_IMAGE_ALT_REDUNDANT = {"image-alt-redundant", "wcag", LEVEL_WARNING, "1.1.1", NULL, "Alt text says it is an image"};
const Rule RULE_IMAGE_OF_TEXT = {"image-of-text", "wcag", LEVEL_WARNING, "1.4.5", NULL, "Image of text"};

static const Rule *const all_rules[] = {
    &RULE_HTML_HAS_LANG,
    &RULE_HTML_LANG_VALID,
    &RULE_HTML_XML_LANG_MISMATCH,
    &RULE_LANG_VALID,
    &RULE_DOCUMENT_TITLE,
    &RULE_IMAGE_ALT,
    &RULE_IMAGE_BUTTON_NAME,
    &RULE_SVG_IMG_NAME,
    &RULE_OBJECT_NAME,
    &RULE_DECORATIVE_EXPOSED,
    &RULE_LINK_NAME,
    &RULE_BUTTON_NAME,
    &RULE_FORM_FIELD_NAME,
    &RULE_MENUITEM_NAME,
    &RULE_SUMMARY_NAME,
    &RULE_FRAME_NAME,
    &RULE_HEADING_NAME,
    &RULE_ARIA_ROLE_VALID,
    &RULE_ARIA_ATTR_DEFINED,
    &RULE_ARIA_ATTR_VALUE,
    &RULE_ARIA_ATTR_ALLOWED,
    &RULE_ARIA_PROHIBITED,
    &RULE_ARIA_REQUIRED_ATTR,
    &RULE_ARIA_REQUIRED_CONTEXT,
    &RULE_ARIA_REQUIRED_OWNED,
    &RULE_ARIA_HIDDEN_FOCUS,
    &RULE_PRESENTATIONAL_FOCUS,
    &RULE_TABLE_HEADERS_ATTR,
    &RULE_TABLE_HEADER_CELLS,
    &RULE_META_REFRESH,
    &RULE_META_REFRESH_NO_EXCEPTION,
    &RULE_META_VIEWPORT,
    &RULE_AUTOCOMPLETE_VALID,
    &RULE_AUTOCOMPLETE_APPROPRIATE,
    &RULE_LETTER_SPACING,
    &RULE_WORD_SPACING,
    &RULE_LINE_HEIGHT,
    &RULE_COLOR_CONTRAST,
    &RULE_BYPASS_BLOCKS,
    &RULE_BYPASS_HEADING,
    &RULE_BYPASS_SKIP_LINK,
    &RULE_BYPASS_LANDMARK,
    &RULE_HEADING_ORDER,
    &RULE_EMPTY_HEADING,
    &RULE_LINK_TEXT_VAGUE,
    &RULE_IMAGE_ALT_REDUNDANT,
    &RULE_IMAGE_OF_TEXT,
};

const Rule *const *wcag_rules(size_t *count)
{
    *count = sizeof all_rules / sizeof all_rules[0];
    return all_rules;
}
