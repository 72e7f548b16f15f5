"""`python -m translate.synthetic DIR`: the demo models of the README (tiny random weights).

The builders live in `translate.bench.models`; this module is the short name the README's
first command and the tests use.
"""

from translate.bench.models import (
    build_bart, build_distilbart_shape, build_marian, build_opus_shape, main,
)

__all__ = ["build_bart", "build_distilbart_shape", "build_marian", "build_opus_shape", "main"]

if __name__ == "__main__":
    main()
