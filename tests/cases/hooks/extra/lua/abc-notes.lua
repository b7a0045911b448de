return {
  pages = function(pack)
    return {{
      slug = "notes",
      title = "Notes on " .. pack.title,
      summary = "Meeting notes.",
      formats = {
        plain = "Notes.\n",
        ["easy-read"] = "![People talking](picture:people) Notes.\n",
        ["large-print"] = "NOTES.\n",
      },
    }}
  end,
}
