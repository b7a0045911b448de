return {
  pages = function(pack)
    local missing = nil
    return missing.pages
  end,
}
