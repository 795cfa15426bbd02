# shellcheck shell=bash
# Shared by bench/run.sh and bench/compare.sh (sourced). Plain POSIX awk: Debian's
# default awk is mawk, which has no gawk extensions such as asort().

# median [-p DIGITS] VALUE...: the middle value, or the mean of the two middle
# ones printed with DIGITS decimals (default 2).
median() {
  local digits=2
  if [ "$1" = -p ]; then
    digits=$2
    shift 2
  fi
  printf '%s\n' "$@" | sort -g | awk -v d="$digits" '{ v[NR] = $1 } END {
    if (NR % 2) print v[(NR + 1) / 2]; else printf "%." d "f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
