return {
  pages = function(pack)
    return {{slug = "x" title = "y"}}
  end,
}
