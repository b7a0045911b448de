-- Tries to catch its own stop and carry on.
local function spin() while true do end end
return {
  pages = function(pack)
    while true do
      pcall(spin)
      xpcall(spin, function(e) return e end)
    end
  end,
}
