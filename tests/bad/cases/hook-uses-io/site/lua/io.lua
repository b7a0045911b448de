return {
  pack_loaded = function(pack)
    io.open("/etc/passwd")
  end,
}
