import sys

from translate.bench.runner import main

sys.exit(main())
