return {
  pack_loaded = function(pack)
    while true do end
  end,
}
