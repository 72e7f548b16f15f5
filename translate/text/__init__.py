"""An article as text: its parts and its sentences (the data it becomes, scraper noise split
off its paragraphs, segmentation, capitals, text a model wrote made fit for output)."""
