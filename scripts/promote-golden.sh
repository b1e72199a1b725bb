#!/usr/bin/env bash
# Promote golden images after a person has looked at them (Filament style).
#
#   scripts/promote-golden.sh [--build DIR] NAME...     e.g. demo-ava-walk-dress-navy pbr-SheenChair
#   scripts/promote-golden.sh [--build DIR] --list      what a failing golden test left to look at
#
# A failing golden test writes DIR/golden-out/NAME.actual.png and NAME.diff.png (DIR: build/test by
# default). For each NAME this prints the three paths (golden, actual, diff) and asks, on the
# terminal, whether you have looked at the actual image and its diff; only "yes" copies the actual
# image to tests/golden/NAME.png. There is deliberately no flag that skips the question: a golden
# nobody looked at tests nothing. Commit the new PNGs with a note of what changed and why.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build/test"
if [[ "${1:-}" == "--build" ]]; then build="$(cd "$2" && pwd)"; shift 2; fi
out="$build/golden-out"
if [[ "${1:-}" == "--list" || $# -eq 0 ]]; then
    shopt -s nullglob
    found=("$out"/*.actual.png)
    if [[ ${#found[@]} -eq 0 ]]; then echo "nothing to promote in $out"; exit 0; fi
    for f in "${found[@]}"; do n="$(basename "$f" .actual.png)"; echo "$n"; done
    [[ $# -eq 0 ]] && echo "usage: $0 [--build DIR] NAME... (see the list above)" >&2
    exit 0
fi
if [[ ! -r /dev/tty ]]; then
    echo "promote-golden: needs a terminal: a person must confirm each image" >&2
    exit 2
fi
status=0
for name in "$@"; do
    actual="$out/$name.actual.png"
    golden="$root/tests/golden/$name.png"
    if [[ ! -f "$actual" ]]; then
        echo "promote-golden: $actual: not found (run the golden tests first)" >&2
        status=1
        continue
    fi
    echo "$name"
    echo "  golden: $golden$([[ -f "$golden" ]] || echo ' (none yet)')"
    echo "  actual: $actual"
    [[ -f "$out/$name.diff.png" ]] && echo "  diff:   $out/$name.diff.png"
    read -r -p "  Have you looked at the actual image (and its diff), and is it right? [yes/no] " answer </dev/tty
    if [[ "$answer" == "yes" ]]; then
        cp "$actual" "$golden"
        rm -f "$actual" "$out/$name.diff.png"
        echo "  promoted"
    else
        echo "  left as it is"
    fi
done
exit $status
