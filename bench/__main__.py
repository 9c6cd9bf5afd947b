"""python -m bench NAME [args]: run the benchmark module bench/NAME.py (its main(argv))."""

import importlib
import sys


def run(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print("usage: python -m bench NAME [args]   (e.g. python -m bench people --help)")
        return 0 if argv else 2
    module = importlib.import_module(f"bench.{argv[0]}")
    return module.main(argv[1:]) or 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
