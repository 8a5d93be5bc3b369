"""Entry point of the ``casedesk`` command.

It lives in ``ui/`` because with no subcommand it opens the GUI, and only
``ui/`` may import Qt.  Headless subcommands never import Qt, so they work
on a server without a display or graphics libraries.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from casedesk import cli


def main(argv: Sequence[str] | None = None) -> int:
    args = cli.parse(argv)
    if args.command is not None:
        return cli.run(args)
    from ui.app import run_gui  # Qt is imported only here

    return run_gui(args.db, demo=args.demo)


if __name__ == "__main__":
    sys.exit(main())
