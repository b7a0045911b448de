return {
  pages = function(pack)
    return {{slug = "../../../escaped", title = "Out", formats = {plain = "Hello.", ["easy-read"] = "![A group of people](picture:people) Hello."}}}
  end,
}
