-- Each '.-' tries every length: the search runs for ever inside C.
return {
  pack_loaded = function(pack)
    local text = string.rep("a", 4000)
    if string.find(text, ".-.-.-.-.-.-.-.-b") then pack.title = "never" end
  end,
}
