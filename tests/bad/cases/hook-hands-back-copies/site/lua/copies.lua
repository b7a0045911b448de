-- One long string, listed many times: one string in Lua, many copies in C.
return {
  pack_loaded = function(pack)
    local long = string.rep("benches ", 125000)
    local topics = {}
    for i = 1, 500 do topics[i] = long end
    pack.topics = topics
  end,
}
