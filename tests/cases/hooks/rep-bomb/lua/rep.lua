local keep = {}
return {
  pages = function(pack)
    for i = 1, 1000 do
      keep[i] = string.rep("y", 1024 * 1024, tostring(i))
    end
  end,
}
