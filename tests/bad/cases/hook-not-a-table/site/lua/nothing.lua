-- forgot to return the hooks
local x = 1
