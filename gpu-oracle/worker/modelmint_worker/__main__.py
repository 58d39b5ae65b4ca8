"""`python -m modelmint_worker`: the long-lived JSON-lines worker (see PROTOCOL.md)."""

import sys

from .server import main

sys.exit(main())
