-- A hook that moves the closing date before the opening date.
return {
  pack_loaded = function(pack)
    pack.closes = "2026-10-01"
  end,
}
