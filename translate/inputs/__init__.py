"""Reading inputs: finding articles under folders, and reading each format (text files,
feeds, pages, Markdown) into an `Article`."""
