return {
  pages = function(pack)
    return {{ slug = "extra", formats = { plain = "x" } }}
  end,
  page = function() end,
}
