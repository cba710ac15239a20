"""The entry script of the frozen kiosk (packaging/kiosk.spec): ``kiosk.cli.main``.

``kiosk prepare`` makes renditions on a ``ProcessPoolExecutor``. In a frozen program the
workers are started by running this executable again, so ``freeze_support()`` must come
first: in a worker it runs the worker's job and exits instead of starting the kiosk.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from kiosk.cli import main

    sys.exit(main())
