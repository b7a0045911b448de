local function pages(pack) end
