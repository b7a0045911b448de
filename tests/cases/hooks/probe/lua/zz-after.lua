-- Runs after probe.lua: its string library must be whole.
return {
  pages = function(pack)
    local t = string.upper("ok")
    return {{ slug = "after", title = t, formats = { plain = t, ["easy-read"] = t } }}
  end,
}
