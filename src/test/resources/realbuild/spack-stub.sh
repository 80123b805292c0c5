#!/bin/sh
# Stand-in for `spack` on the test base image of the real-build tests (POSIX sh; busybox is enough).
#
# Records every call in $SPACK_STUB_LOG (default /opt/spack-environment/.spack-stub-calls, a folder
# the final stage copies): the arguments one per line in brackets, the working folder, and for
# SPACKMON_USER / SPACKMON_TOKEN either "unset" or the sha256 of the value, so a test can prove the
# exact credentials arrived without the stub itself writing them into a layer.
#
# Fakes just enough of Spack for a generated recipe to build:
#   spack install ...           needs ./spack.yaml; with --monitor (Spack 0.18 rules) needs both
#                               SPACKMON_USER and SPACKMON_TOKEN unless --monitor-save-local or
#                               --monitor-disable-auth/--monitor-no-auth is given; then creates the
#                               install tree and the view (a symlink into a sibling ._view/<hash>,
#                               as Spack does) named in spack.yaml; --monitor-save-local writes a
#                               result file under ~/.spack/reports/monitor
#   spack env activate --sh ... prints shell code that puts the view on PATH
#   anything else               succeeds silently
# Exit status 3 marks a stub-detected misuse, so a failed build is easy to tell from a stub bug.
set -u
log="${SPACK_STUB_LOG:-/opt/spack-environment/.spack-stub-calls}"
mkdir -p "$(dirname "$log")"

digest() {
  printf '%s' "$1" | sha256sum | cut -d' ' -f1
}

{
  echo "call"
  for a in "$@"; do printf 'arg [%s]\n' "$a"; done
  printf 'cwd [%s]\n' "$(pwd)"
  if [ -n "${SPACKMON_USER+x}" ]; then echo "SPACKMON_USER sha256=$(digest "$SPACKMON_USER")"; else echo "SPACKMON_USER unset"; fi
  if [ -n "${SPACKMON_TOKEN+x}" ]; then echo "SPACKMON_TOKEN sha256=$(digest "$SPACKMON_TOKEN")"; else echo "SPACKMON_TOKEN unset"; fi
  echo "end"
} >> "$log"

# The value of a top-level-in-spack key such as "view:" or "install_tree:"/"root:" (plain or quoted).
manifest_path() {
  sed -n "s/^ *$1: *['\"]\{0,1\}\(\/[^'\"]*\)['\"]\{0,1\} *\$/\1/p" spack.yaml | head -n 1
}

has() {
  want="$1"; shift
  for a in "$@"; do [ "$a" = "$want" ] && return 0; done
  return 1
}

# Skip global options such as -e ENV, -d, --debug before the subcommand.
while [ $# -gt 0 ]; do
  case "$1" in
    -e|-D|-C) shift 2 ;;
    -*) shift ;;
    *) break ;;
  esac
done
cmd="${1:-}"
[ $# -gt 0 ] && shift

case "$cmd" in
  install)
    if [ ! -f spack.yaml ]; then
      echo "spack-stub: no spack.yaml in $(pwd)" >&2; exit 3
    fi
    if has --monitor "$@" && ! has --monitor-save-local "$@" && ! has --monitor-disable-auth "$@" \
        && ! has --monitor-no-auth "$@"; then
      if [ -z "${SPACKMON_USER:-}" ] || [ -z "${SPACKMON_TOKEN:-}" ]; then
        echo "==> Error: You are required to export SPACKMON_TOKEN and SPACKMON_USER" >&2; exit 3
      fi
    fi
    store="$(manifest_path install_tree)"
    [ -n "$store" ] || store="$(manifest_path root)"
    [ -n "$store" ] || store=/opt/software
    view="$(manifest_path view)"
    [ -n "$view" ] || view=/opt/view
    mkdir -p "$store/linux-x86_64/stub-1.0/bin"
    printf '#!/bin/sh\necho stub-1.0\n' > "$store/linux-x86_64/stub-1.0/bin/stub"
    chmod 755 "$store/linux-x86_64/stub-1.0/bin/stub"
    hidden="$(dirname "$view")/._view/stubhash"
    mkdir -p "$hidden/bin"
    ln -sf "$store/linux-x86_64/stub-1.0/bin/stub" "$hidden/bin/stub"
    ln -sfn "$hidden" "$view"
    if has --monitor-save-local "$@"; then
      mkdir -p "${HOME:-/root}/.spack/reports/monitor/stub"
      echo '{"spec": "stub@1.0", "status": "SUCCESS"}' > "${HOME:-/root}/.spack/reports/monitor/stub/build-stub.json"
    fi
    ;;
  env)
    if [ "${1:-}" = activate ] && has --sh "$@"; then
      view="$(manifest_path view 2>/dev/null)"
      echo "export PATH=${view:-/opt/view}/bin:\$PATH"
      echo "export SPACK_ENV=$(pwd)"
    fi
    ;;
esac
exit 0
