-- A council's own version of the built-in page: one short list.
local function pages(pack)
  local lines = {}
  for _, row in ipairs(pack.feedback) do
    lines[#lines + 1] = "- " .. sayso.escape(row.you_said) .. ": " .. row.status
  end
  local md = table.concat(lines, "\n") .. "\n"
  return {{
    slug = "you-said-we-did",
    title = "Our answers",
    formats = { plain = md, ["easy-read"] = "![A tick](picture:tick) We listened.\n" },
  }}
end
return { pages = pages }
