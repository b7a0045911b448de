return {
  pages = function(pack)
    sayso.warn("this is a test warning")
    sayso.warn("about a row", pack.feedback_path, pack.feedback[1].line)
    sayso.date_long("not a date")
  end,
}
