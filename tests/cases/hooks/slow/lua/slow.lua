return {
  pages = function(pack)
    while true do end
  end,
}
