-- Reports what the sandbox lets a hook reach, one name=type per line.
local names = { "io", "os", "package", "debug", "require", "load", "loadstring", "dofile",
  "loadfile", "collectgarbage", "coroutine", "string", "table", "math", "utf8", "print", "pcall" }
local function pages(pack)
  local seen = {}
  for _, name in ipairs(names) do
    seen[#seen + 1] = name .. "=" .. type(_G[name])
  end
  seen[#seen + 1] = "string.dump=" .. type(string.dump)
  seen[#seen + 1] = "stringmeta=" .. type(getmetatable(""))
  -- Changing this file's copy of string must not reach other files or ("x"):upper().
  string.upper = nil
  seen[#seen + 1] = "method=" .. ("x"):upper()
  seen[#seen + 1] = "site=" .. sayso.site.title .. "/" .. sayso.site.today
  seen[#seen + 1] = "date=" .. sayso.date_long("2026-11-23")
  local text = table.concat(seen, "\n") .. "\n"
  return {{ slug = "probe", title = "Probe", formats = { plain = text, ["easy-read"] = text } }}
end
return { pages = pages }
