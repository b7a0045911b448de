-- you-said-we-did.lua: the "You said, we did" page, built in to sayso.
--
-- When a pack has a you-said-we-did.csv, this makes a page in all three
-- formats saying what people told the council, what it did, and, for
-- anything it could not do, why.  A site replaces this file by putting its
-- own lua/you-said-we-did.lua beside site.yml.
--
-- Everything that comes from the CSV goes through sayso.escape, so a cell
-- can only ever show as text, never become a link, a heading or HTML.

local esc = sayso.escape

-- A theme picture in easy-read syntax, with the theme's own words for it
-- (pictures.yml) when it has them.
local function pic(name, words)
  return "![" .. esc(sayso.picture_text(name) or words) .. "](picture:" .. name .. ")"
end

-- How each status reads, in each kind of wording.
local STATUS = {
  ["done"] = {
    plain = "Done",
    easy = "We did this.",
    picture = "tick", alt = "A green tick",
    follow_up = "We will tell you by %s how this is working.",
  },
  ["doing"] = {
    plain = "Doing now",
    easy = "We are doing this now.",
    picture = "clock", alt = "A clock",
    follow_up = "We will tell you by %s if this happened.",
  },
  ["not-doing"] = {
    plain = "We could not do this",
    easy = "We could not do this.",
    picture = "cross", alt = "A red cross",
    follow_up = "We will look at this again by %s.",
  },
}

local function count_words(n, one, many)
  if n == 1 then return "1 " .. one end
  return tostring(n) .. " " .. many
end

-- Rows in groups by theme, themes in the order they first appear in the
-- CSV (the council's own order), rows with no theme last.
local function group_by_theme(rows)
  local groups, by_name, general = {}, {}, {}
  for _, row in ipairs(rows) do
    if row.theme then
      local group = by_name[row.theme]
      if not group then
        group = { theme = row.theme, rows = {} }
        by_name[row.theme] = group
        groups[#groups + 1] = group
      end
      group.rows[#group.rows + 1] = row
    else
      general[#general + 1] = row
    end
  end
  if #general > 0 then
    groups[#groups + 1] = { rows = general }
  end
  return groups
end

local function general_heading(groups)
  if #groups == 1 then return "What you told us" end
  return "Other things you told us"
end

local function summary_sentence(rows)
  local done, doing, not_doing = 0, 0, 0
  for _, row in ipairs(rows) do
    if row.status == "done" then done = done + 1
    elseif row.status == "doing" then doing = doing + 1
    else not_doing = not_doing + 1 end
  end
  return string.format(
    "You told us %s. We have done %d, we are doing %d now, and we could not do %d.",
    count_words(#rows, "thing", "things"), done, doing, not_doing)
end

local function contact_email(pack)
  return (pack.contact and pack.contact.email) or (sayso.site.contact and sayso.site.contact.email)
end

-- Plain English and large print share their words; large print drops the
-- list so each label starts its own line in big type.
local function plain_page(pack, groups, large_print)
  local out = {}
  local function add(text) out[#out + 1] = text end

  add("This page says what people told us when we asked about " .. esc(pack.title) ..
      ", and what we did about it. Where we could not do something, we say why.")
  add(summary_sentence(pack.feedback))
  for _, group in ipairs(groups) do
    add("## " .. (group.theme and esc(group.theme) or general_heading(groups)))
    for _, row in ipairs(group.rows) do
      local status = STATUS[row.status]
      local parts = {
        "**You said:** " .. esc(row.you_said),
        "**We did:** " .. esc(row.we_did),
        "**Progress:** " .. status.plain,
      }
      if row.reason and row.status == "not-doing" then
        parts[#parts + 1] = "**Why:** " .. esc(row.reason)
      end
      if row.follow_up then
        parts[#parts + 1] = string.format(status.follow_up, sayso.date_long(row.follow_up))
      end
      if large_print then
        for _, part in ipairs(parts) do add(part) end
        add("---")
      else
        -- One list item per thing people said; its parts are paragraphs
        -- inside the item (indented by two spaces).
        add("- " .. table.concat(parts, "\n\n  "))
      end
    end
  end
  local email = contact_email(pack)
  if email then
    add("If you think we have got something wrong, tell us. Email " .. esc(email) .. ".")
  end
  return table.concat(out, "\n\n") .. "\n"
end

-- A picture given in the CSV: a theme picture name ("park") or a file in
-- the pack ("bus-stop.png").  Anything else is not used, with a warning
-- that names the CSV row.
local function row_picture(pack, row)
  local name = row.picture
  if not name then return nil end
  name = name:gsub("^picture:", "")
  if name:match("^[%w_%-]+%.%w+$") then
    local words = name:gsub("%.%w+$", ""):gsub("[_%-]", " ")
    return "![Picture: " .. esc(words) .. "](" .. name .. ")"
  end
  if name:match("^[%w_%-]+$") and sayso.picture_exists(name) then
    return pic(name, "Picture: " .. name:gsub("[_%-]", " "))
  end
  sayso.warn("picture '" .. name .. "' is not one of the theme's pictures or a file name; " ..
             "the easy-read page shows the talking picture instead", pack.feedback_path, row.line)
  return nil
end

-- Text from the CSV as a whole sentence: escaped, with a full stop when
-- the council left it off, so the next sentence does not run on.
local function sentence(text)
  if text:match("[%.!%?]$") then return esc(text) end
  return esc(text) .. "."
end

-- Easy read: every paragraph starts with its picture, then short sentences.
local function easy_read_page(pack, groups)
  local out = {}
  local function add(text) out[#out + 1] = text end
  -- The theme may not have these two; fall back to ones every theme has.
  local calendar = sayso.picture_exists("calendar") and pic("calendar", "A calendar")
    or pic("clock", "A clock")
  local envelope = sayso.picture_exists("email") and pic("email", "An email")
    or pic("speech", "A person talking")

  add(pic("people", "A group of people") .. " We asked people what they think about " ..
      esc(pack.title) .. ".")
  add(pic("speech", "A person talking") .. " This page says what you told us. It says what we did.")
  for _, group in ipairs(groups) do
    add("## " .. (group.theme and esc(group.theme) or general_heading(groups)))
    for _, row in ipairs(group.rows) do
      local status = STATUS[row.status]
      local said = sentence(row.easy_you_said or row.you_said)
      local did = sentence(row.easy_we_did or row.we_did)
      add((row_picture(pack, row) or pic("speech", "A person talking")) .. " You said: " .. said)
      add(pic(status.picture, status.alt) .. " " .. status.easy .. " " .. did)
      if row.status == "not-doing" and row.reason then
        -- The reason gets its own picture and paragraph: short blocks are
        -- easier to read, and people are always told why.
        add(pic("question", "A question") .. " Why: " .. sentence(row.easy_reason or row.reason))
      end
      if row.follow_up then
        add(calendar .. " " ..
            string.format(status.follow_up, sayso.date_long(row.follow_up)))
      end
    end
  end
  local email = contact_email(pack)
  if email then
    add(envelope .. " Tell us if you think we got something wrong. Email " .. esc(email) .. ".")
  end
  return table.concat(out, "\n\n") .. "\n"
end

local function pages(pack)
  if #pack.feedback == 0 then return nil end
  local groups = group_by_theme(pack.feedback)
  return {
    {
      slug = "you-said-we-did",
      title = "You said, we did: " .. pack.title,
      summary = "What people told us about " .. pack.title .. ", and what we did about it.",
      formats = {
        plain = plain_page(pack, groups, false),
        ["easy-read"] = easy_read_page(pack, groups),
        ["large-print"] = plain_page(pack, groups, true),
      },
    },
  }
end

return { pages = pages }
