return {
  pages = function(pack)
    local missing = nil
    return missing.title
  end,
}
