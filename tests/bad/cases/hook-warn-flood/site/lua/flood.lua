-- Warnings are kept outside Lua's memory limit: a flood must be capped.
return {
  pack_loaded = function(pack)
    local big = string.rep("Please check this row. ", 50000)
    for i = 1, 200000 do sayso.warn(big) end
  end,
}
