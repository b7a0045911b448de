return {
  pack_loaded = function(pack)
    pack.title = pack.title .. " (draft)"
    pack.topics[#pack.topics + 1] = "parks"
    pack.closes = "2027-01-31"
  end,
  before_render = function(page)
    if page.format == "large-print" then
      page.title = page.title .. " in large print"
    end
    page.markdown = page.markdown .. "\nFrom " .. page.slug .. " of " .. page.pack.slug .. ".\n"
  end,
}
