#!/usr/bin/env bash
# The Debian package: CPack builds it from this build directory (cmake/Packaging.cmake),
# dpkg unpacks it into a temporary root, and what it installed is run: the binary
# (--version, a lint of samples/), the man page (valid roff, every rule and option
# in it) and the shell completions.
#   deb_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "${1:?usage: deb_test.sh BUILD_DIR SOURCE_DIR}" && pwd)
src=$(cd "${2:?usage: deb_test.sh BUILD_DIR SOURCE_DIR}" && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
for tool in cpack dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || fail "$tool is missing (scripts/install-deps.sh installs it)"
done

# Build the package into the temporary directory (not into the build tree).
cpack --config "$build/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1 || {
  cat "$tmp/cpack.log"
  fail "cpack failed"
}
debs=("$tmp"/out/rollsafe_*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || fail "expected one rollsafe_*.deb, got: ${debs[*]}"
deb=${debs[0]}
echo "package: $(basename "$deb") ($(stat -c %s "$deb") bytes)"

# Control fields.
dpkg-deb --field "$deb" >"$tmp/control"
field() { sed -n "s/^$1: //p" "$tmp/control"; }
[ "$(field Package)" = rollsafe ] || fail "Package: $(field Package)"
[ "$(field Section)" = devel ] || fail "Section: $(field Section)"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture: $(field Architecture)"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
[ -n "$(field Description)" ] || fail "no Description"
version=$(field Version)
depends=$(field Depends)
echo "Depends: $depends"
# dpkg-shlibdeps worked: the C and C++ runtimes, with versions; libpg_query is
# linked in statically, so no libpg-query package.
for lib in libc6 libstdc++6 libgcc-s1; do
  [[ ", $depends" == *", $lib (>= "* ]] || fail "Depends lacks a versioned $lib: $depends"
done
[[ $depends != *pg-query* && $depends != *pg_query* ]] || fail "Depends names libpg_query: $depends"

# Contents: exactly what is meant to be installed, all below /usr.
dpkg-deb --contents "$deb" | awk '{print $NF}' >"$tmp/contents"
for path in ./usr/bin/rollsafe ./usr/share/man/man1/rollsafe.1 \
  ./usr/share/bash-completion/completions/rollsafe ./usr/share/zsh/vendor-completions/_rollsafe \
  ./usr/share/fish/vendor_completions.d/rollsafe.fish ./usr/share/doc/rollsafe/README.md \
  ./usr/share/doc/rollsafe/ci.md; do
  grep -qx -- "$path" "$tmp/contents" || fail "the package lacks $path"
done
if grep -v -e '^\./$' -e '^\./usr/' "$tmp/contents"; then
  fail "the package installs outside /usr"
fi

# Unpack and run from the installed path.
root=$tmp/root
dpkg -x "$deb" "$root"
rollsafe=$root/usr/bin/rollsafe
[ -x "$rollsafe" ] || fail "usr/bin/rollsafe is not executable"
if ldd "$rollsafe" | grep -q pg_query; then
  fail "the installed binary loads libpg_query dynamically"
fi
"$rollsafe" --version >"$tmp/version" || fail "rollsafe --version exited $?"
grep -Eq "^rollsafe ${version//./\\.} \(libpg_query [0-9.]+" "$tmp/version" ||
  fail "rollsafe --version printed '$(cat "$tmp/version")', package version $version"
cat "$tmp/version"

status=0
"$rollsafe" lint --color never "$src/samples" >"$tmp/lint" 2>&1 || status=$?
# The samples hold deliberately unsafe migrations: findings (1) are expected.
[ "$status" -eq 1 ] || {
  cat "$tmp/lint"
  fail "rollsafe lint samples/ exited $status, expected 1"
}
grep -q "error\[drop-column\]" "$tmp/lint" || fail "the samples' drop-column finding is missing"
"$rollsafe" lint --color never "$src/samples/01-initial-schema" >"$tmp/lint-clean" ||
  fail "rollsafe lint samples/01-initial-schema exited $? (it is safe)"
tail -n 1 "$tmp/lint"

# The man page: valid roff without warnings, rendered by man, with every rule and
# every option of the binary it was installed with.
man_page=$root/usr/share/man/man1/rollsafe.1
if command -v groff >/dev/null; then
  groff -man -Tutf8 -z -ww "$man_page" 2>"$tmp/groff" || fail "groff rejected the man page"
  [ ! -s "$tmp/groff" ] || fail "groff warnings: $(cat "$tmp/groff")"
  groff -man -Tutf8 -P -cbou "$man_page" >"$tmp/man.txt" 2>/dev/null
else
  echo "note: groff is not installed; the man page is only checked as text"
  cp "$man_page" "$tmp/man.txt"
fi
if command -v man >/dev/null; then
  MANWIDTH=80 man -P cat -l "$man_page" >"$tmp/man-l.txt" 2>"$tmp/man-l.err" ||
    fail "man -l failed: $(cat "$tmp/man-l.err")"
  grep -q "EXIT STATUS" "$tmp/man-l.txt" || fail "man -l rendered no EXIT STATUS section"
fi
for section in NAME SYNOPSIS DESCRIPTION COMMANDS RULES "EXIT STATUS"; do
  grep -q "^$section" "$tmp/man.txt" || fail "the man page has no $section section"
done
mapfile -t rules < <("$rollsafe" rules | awk 'NR > 1 {print $1}')
[ "${#rules[@]}" -gt 0 ] || fail "rollsafe rules listed nothing"
for rule in "${rules[@]}"; do
  grep -q -- "^ *$rule (" "$tmp/man.txt" || fail "the man page does not list rule $rule"
done
for command in lint rules explain; do
  mapfile -t options < <("$rollsafe" "$command" --help | grep -oE -- '--[a-z][a-z-]*' | sort -u)
  for option in "${options[@]}"; do
    grep -q -- "$option" "$tmp/man.txt" || fail "the man page does not mention $command $option"
  done
done
echo "man page: ${#rules[@]} rules, every option"

# Completions: valid syntax, and the bash one completes.
bash_completion=$root/usr/share/bash-completion/completions/rollsafe
bash -n "$bash_completion" || fail "bash -n rejected the bash completion"
completed=$(
  # shellcheck disable=SC1090
  source "$bash_completion"
  COMP_WORDS=(rollsafe lint --format "")
  COMP_CWORD=3
  _rollsafe
  echo "${COMPREPLY[*]}"
)
[[ " $completed " == *" json "* && " $completed " == *" text "* ]] ||
  fail "bash completion of 'rollsafe lint --format ' gave '$completed'"
completed=$(
  # shellcheck disable=SC1090
  source "$bash_completion"
  COMP_WORDS=(rollsafe explain drop-col)
  COMP_CWORD=2
  _rollsafe
  echo "${COMPREPLY[*]}"
)
[ "$completed" = drop-column ] || fail "bash completion of 'rollsafe explain drop-col' gave '$completed'"
if command -v zsh >/dev/null; then
  zsh -n "$root/usr/share/zsh/vendor-completions/_rollsafe" || fail "zsh -n rejected _rollsafe"
fi
if command -v fish >/dev/null; then
  fish_completion=$root/usr/share/fish/vendor_completions.d/rollsafe.fish
  fish --no-execute "$fish_completion" || fail "fish rejected rollsafe.fish"
  completed=$(fish --no-config -c "source '$fish_completion'; complete -C 'rollsafe lint --phase '" |
    cut -f1 | tr '\n' ' ')
  [ "$completed" = "contract expand migrate " ] ||
    fail "fish completion of 'rollsafe lint --phase ' gave '$completed'"
fi
echo "completions: bash$(command -v zsh >/dev/null && echo ", zsh")$(command -v fish >/dev/null && echo ", fish")"

echo "contents:"
dpkg-deb --contents "$deb" | awk '{print "  " $1, $2, $NF}'
