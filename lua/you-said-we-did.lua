-- you-said-we-did.lua: the "You said, we did" page, built in to sayso.
--
-- When a pack has a you-said-we-did.csv, this makes a page in all three
-- formats saying what people told the council, what it did, and, for
-- anything it could not do, why.  A site replaces this file by putting its
-- own lua/you-said-we-did.lua beside site.yml.
--
-- While a consultation is still open, the CSV reaches this hook only when
-- the pack says `results: interim`: the page is then "what we have heard so
-- far", with no statuses and nothing worded as done.
--
-- Everything that comes from the CSV goes through sayso.escape, so a cell
-- can only ever show as text, never become a link, a heading or HTML.
--
-- Every sentence of its own goes through sayso.word(key, english, vars):
-- the theme's words for key in the pages' language (strings/LANG.yml, so
-- a translation's page, made from you-said-we-did.LANG.csv, is in its
-- language), else the English here, with each {name} filled from vars.

local esc = sayso.escape
local W = sayso.word

-- A theme picture in easy-read syntax, with the theme's words for it in
-- the pages' language (ysd_alt_NAME), else its pictures.yml words.
local function pic(name, words)
  return "![" .. esc(W("ysd_alt_" .. name, sayso.picture_text(name) or words)) .. "](picture:" .. name .. ")"
end

-- How each status reads, in each kind of wording.  `mark` and `label` make
-- the visible label: a symbol and words, so it does not rely on colour or
-- on the symbol alone.  `stem` is how an author's own easy-read words
-- start when they already say the status, so it is not said twice.
local STATUS = {
  ["done"] = {
    key = "done", mark = "✓", label = "Done",
    easy = "We did this.", stem = "we did this",
    picture = "tick", alt = "A green tick",
    follow_up = "We will tell you by {date} how this is working.",
    follow_up_past = "We said we would tell you by {date} how this is working. That date has passed.",
  },
  ["doing"] = {
    key = "doing", mark = "→", label = "Doing now",
    easy = "We are doing this now.", stem = "we are doing this",
    picture = "clock", alt = "A clock",
    follow_up = "We will tell you by {date} if this happened.",
    follow_up_past = "We said we would tell you by {date} if this happened. That date has passed, " ..
      "and we have not updated this yet.",
  },
  ["not-doing"] = {
    key = "not_doing", mark = "✗", label = "Could not do",
    easy = "We could not do this.", stem = "we could not",
    picture = "cross", alt = "A red cross",
    follow_up = "We will look at this again by {date}.",
    follow_up_past = "We said we would look at this again by {date}. That date has passed.",
  },
}

-- A status's words in the pages' language: ysd_done_label, ...
local function sw(status, field, vars)
  return W("ysd_" .. status.key .. "_" .. field, status[field], vars)
end
local ORDER = { "done", "doing", "not-doing" }

-- Pictures that say how something went: never the picture of what
-- someone said, where a red cross would read as "you were wrong".
local STATUS_PICTURES = { tick = true, cross = true,
  ["thumbs-up"] = true, ["thumbs-down"] = true }

-- "1 thing", "3 things": the theme's plural forms for the language.
local function things(n)
  return W("ysd_things", n == 1 and "1 thing" or (tostring(n) .. " things"), { n = n })
end

local function is_past(iso)
  return iso ~= nil and sayso.site.today ~= nil and iso < sayso.site.today
end

local function follow_up_text(status, row)
  local field = is_past(row.follow_up) and "follow_up_past" or "follow_up"
  return sw(status, field, { date = sayso.date_long(row.follow_up) })
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
  if #groups == 1 then return W("ysd_what_you_told_us", "What you told us") end
  return W("ysd_other_things", "Other things you told us")
end

local function counts(rows)
  local n = { done = 0, doing = 0, ["not-doing"] = 0 }
  for _, row in ipairs(rows) do n[row.status] = n[row.status] + 1 end
  return n
end

-- What happens next, from the rows still being done: the latest date the
-- council promised to report back by, and whether that has passed.
local function next_steps(rows)
  local doing, latest = 0, nil
  for _, row in ipairs(rows) do
    if row.status == "doing" then
      doing = doing + 1
      if row.follow_up and (not latest or row.follow_up > latest) then latest = row.follow_up end
    end
  end
  if doing == 0 then
    return W("ysd_next_finished", "We have finished everything on this page that we said we would do.")
  end
  local vars = { things = things(doing), date = latest and sayso.date_long(latest) }
  if not latest then
    return W("ysd_next_working", "We are still working on {things}. We will update this page when they are done.",
             vars)
  end
  if is_past(latest) then
    return W("ysd_next_late", "We are still working on {things}. We said we would tell you how they went by " ..
             "{date}. That date has passed, and we have not updated this page yet.", vars)
  end
  return W("ysd_next_by", "We are still working on {things}. We will tell you how they went by {date}.", vars)
end

local function contact_email(pack)
  return (pack.contact and pack.contact.email) or (sayso.site.contact and sayso.site.contact.email)
end

-- "The van is too old" after "because": a lower-case first letter, unless
-- the word is a name or "I" (a second capital, or one letter alone).
local function after_because(text)
  local first, second = text:sub(1, 1), text:sub(2, 2)
  if first:match("%u") and second:match("%l") then
    return first:lower() .. text:sub(2)
  end
  return text
end

-- Text from the CSV as a whole sentence: escaped, with a full stop when
-- the council left it off, so the next sentence does not run on.
local function sentence(text)
  if text:match("[%.!%?]$") then return esc(text) end
  return esc(text) .. "."
end

-- Plain English and large print share their words; large print drops the
-- list so each label starts its own line in big type.
local function plain_page(pack, groups, large_print, interim)
  local out = {}
  local function add(text) out[#out + 1] = text end
  local rows = pack.feedback

  if interim then
    add(W("ysd_interim_open", "This consultation is still open. You can tell us what you think until {date}.",
          { date = sayso.date_long(pack.closes) }))
    add(W("ysd_interim_not_decision", "This page shows what people have told us so far. It is not a decision: " ..
          "we will decide after the consultation closes, and then tell you what we did."))
    add(W("ysd_interim_so_far", "So far, people have told us {things}.", { things = things(#rows) }))
  else
    if pack.decision then
      add("## " .. W("ysd_what_we_decided", "What we decided"))
      local parts = {}
      if pack.decision.date then
        parts[#parts + 1] = W("ysd_decided_on", "We decided on {date}.",
                              { date = sayso.date_long(pack.decision.date) })
      end
      if pack.decision.summary then parts[#parts + 1] = esc(pack.decision.summary) end
      if #parts > 0 then add(table.concat(parts, " ")) end
    end
    add("## " .. W("ysd_at_a_glance", "At a glance"))
    add(W("ysd_page_says", "This page says what people told us when we asked about {title}, and what we " ..
          "did about it. Where we could not do something, we say why.", { title = esc(pack.title) }))
    local n = counts(rows)
    add(W("ysd_you_told_us_list", "You told us {things}:", { things = things(#rows) }))
    local lines = {}
    for _, id in ipairs(ORDER) do
      local status = STATUS[id]
      lines[#lines + 1] = "- " .. status.mark .. " **" .. sw(status, "label") .. ":** " .. n[id]
    end
    add(table.concat(lines, "\n"))
    add("**" .. W("ysd_what_next", "What happens next:") .. "** " .. next_steps(rows))
  end

  for _, group in ipairs(groups) do
    add("## " .. (group.theme and esc(group.theme) or general_heading(groups)))
    for _, row in ipairs(group.rows) do
      local status = STATUS[row.status]
      local parts = {}
      local you_said = "**" .. W("ysd_you_said", "You said:") .. "** " .. esc(row.you_said)
      if interim then
        parts[#parts + 1] = you_said
        parts[#parts + 1] = "**" .. W("ysd_reply_so_far", "Our reply so far:") .. "** " .. esc(row.we_did)
      else
        parts[#parts + 1] = "**" .. status.mark .. " " .. sw(status, "label") .. "**"
        parts[#parts + 1] = you_said
        if row.status == "not-doing" then
          parts[#parts + 1] = "**" .. W("ysd_our_answer", "Our answer:") .. "** " .. esc(row.we_did)
          if row.reason then
            parts[#parts + 1] = W("ysd_because", "We could not do this, because {reason}",
                                  { reason = sentence(after_because(row.reason)) })
          end
        elseif row.status == "doing" then
          parts[#parts + 1] = "**" .. W("ysd_what_we_are_doing", "What we are doing:") .. "** " .. esc(row.we_did)
        else
          parts[#parts + 1] = "**" .. W("ysd_we_did_label", "We did:") .. "** " .. esc(row.we_did)
        end
        if row.follow_up then parts[#parts + 1] = follow_up_text(status, row) end
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
    if interim then
      add(W("ysd_email_interim", "To tell us what you think, or if you think we have got something wrong, " ..
            "email {email}.", { email = esc(email) }))
    else
      add(W("ysd_email", "If you think we have got something wrong, tell us. Email {email}.",
            { email = esc(email) }))
    end
  end
  return table.concat(out, "\n\n") .. "\n"
end

-- The picture for what someone said: a theme picture name ("park") or a
-- file in the pack ("bus-stop.png").  A status picture or an unknown name
-- is not used, with a warning that names the CSV row.
local function row_picture(pack, row)
  local name = row.picture
  if not name then return nil end
  name = name:gsub("^picture:", "")
  if name:match("^[%w_%-]+%.%w+$") then
    local words = name:gsub("%.%w+$", ""):gsub("[_%-]", " ")
    return "![" .. W("ysd_picture_of", "Picture: {words}", { words = esc(words) }) .. "](" .. name .. ")"
  end
  if STATUS_PICTURES[name] then
    sayso.warn("picture '" .. name .. "' says how something went, so beside what someone said " ..
               "it reads as a judgement of them; choose a picture of the topic (such as bus or " ..
               "library). The easy-read page shows the talking picture instead",
               pack.feedback_path, row.line)
    return nil
  end
  if name:match("^[%w_%-]+$") and sayso.picture_exists(name) then
    return pic(name, W("ysd_picture_of", "Picture: {words}", { words = (name:gsub("[_%-]", " ")) }))
  end
  sayso.warn("picture '" .. name .. "' is not one of the theme's pictures or a file name (the page " ..
             "easy-read-pictures/ of the built site shows every picture with its name); " ..
             "the easy-read page shows the talking picture instead", pack.feedback_path, row.line)
  return nil
end

-- The status words, unless the author's own words already start with them
-- ("We could not do this. We could not bring back the van.").
local function status_then(status, did)
  local stem = sw(status, "stem")
  if did:lower():sub(1, #stem) == stem then return did end
  return sw(status, "easy") .. " " .. did
end

-- Easy read: every paragraph starts with its picture, then short sentences.
local function easy_read_page(pack, groups, interim)
  local out = {}
  local function add(text) out[#out + 1] = text end
  -- The theme may not have these; fall back to ones every theme has.
  local calendar = sayso.picture_exists("calendar") and pic("calendar", "A calendar")
    or pic("clock", "A clock")
  local envelope = sayso.picture_exists("email") and pic("email", "An email")
    or pic("speech", "A person talking")
  local title = esc(pack.easy_title or pack.title)
  local rows = pack.feedback

  if interim then
    add(calendar .. " " .. W("ysd_easy_interim_until", "You can still tell us what you think. You can tell " ..
        "us until {date}.", { date = sayso.date_long(pack.closes) }))
    add(pic("people", "A group of people") .. " " ..
        W("ysd_easy_interim_so_far", "This page says what people told us so far."))
    add(pic("question", "A question mark") .. " " .. W("ysd_easy_not_decided", "We have not decided anything yet."))
  else
    add(pic("people", "A group of people") .. " " ..
        W("ysd_easy_asked", "We asked people what they think about {title}.", { title = title }))
    if pack.decision and pack.decision.date then
      add(pic("decision", "A decision being made") .. " " ..
          W("ysd_easy_decided", "We made our decision on {date}.", { date = sayso.date_long(pack.decision.date) }))
    end
    add(pic("speech", "A person talking") .. " " ..
        W("ysd_easy_told", "You told us {things}. This page says what we did.", { things = things(#rows) }))
    local n = counts(rows)
    local said = {
      done = "We did {things}.", doing = "We are still doing {things}.", ["not-doing"] = "We could not do {things}.",
    }
    for _, id in ipairs(ORDER) do
      if n[id] > 0 then
        add(pic(STATUS[id].picture, STATUS[id].alt) .. " " ..
            W("ysd_easy_" .. STATUS[id].key .. "_count", said[id], { things = things(n[id]) }))
      end
    end
  end

  for _, group in ipairs(groups) do
    add("## " .. (group.theme and esc(group.theme) or general_heading(groups)))
    for _, row in ipairs(group.rows) do
      local status = STATUS[row.status]
      local said = sentence(row.easy_you_said or row.you_said)
      local did = sentence(row.easy_we_did or row.we_did)
      add((row_picture(pack, row) or pic("speech", "A person talking")) .. " " ..
          W("ysd_easy_you_said", "You said: {said}", { said = said }))
      if interim then
        add(pic("listen", "An ear") .. " " .. W("ysd_easy_answer_so_far", "Our answer so far: {did}", { did = did }))
      else
        add(pic(status.picture, status.alt) .. " " .. status_then(status, did))
        if row.status == "not-doing" and row.reason then
          -- The reason gets its own picture and paragraph: short blocks are
          -- easier to read, and people are always told why.
          add(pic("question", "A question mark") .. " " ..
              W("ysd_easy_why", "Why: {why}", { why = sentence(row.easy_reason or row.reason) }))
        end
        if row.follow_up then
          add(calendar .. " " .. follow_up_text(status, row))
        end
      end
    end
  end
  local email = contact_email(pack)
  if email then
    add(envelope .. " " .. W("ysd_easy_email", "Tell us if you think we got something wrong. Email {email}.",
                             { email = esc(email) }))
  end
  return table.concat(out, "\n\n") .. "\n"
end

local function pages(pack)
  if #pack.feedback == 0 then return nil end
  local groups = group_by_theme(pack.feedback)
  local interim = pack.status == "open" or pack.status == "upcoming"
  local title, summary
  local vars = { title = pack.title }
  if interim then
    title = W("ysd_interim_title", "What we have heard so far: {title}", vars)
    summary = W("ysd_interim_summary", "What people have told us so far about {title}. We have not decided " ..
                "anything yet.", vars)
  else
    title = W("ysd_title", "You said, we did: {title}", vars)
    -- Two sentences: the summary leads the easy-read page too, and a title
    -- of a few words must not push it past easy read's 15 words.
    summary = W("ysd_summary", "What people told us about {title}. What we did about it.", vars)
  end
  return {
    {
      slug = "you-said-we-did",
      title = title,
      summary = summary,
      formats = {
        plain = plain_page(pack, groups, false, interim),
        ["easy-read"] = easy_read_page(pack, groups, interim),
        ["large-print"] = plain_page(pack, groups, true, interim),
      },
    },
  }
end

return { pages = pages }
