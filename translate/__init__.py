"""translate: Dutch news articles into English translations and bullet summaries.

Nothing heavy is imported here: `translate --help` must not pull in torch.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
