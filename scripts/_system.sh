# Shared by scripts/demo, scripts/test and .ci/run: the Debian packages the app and its tests
# need. As root they are installed when missing; otherwise the exact apt-get line is printed
# and the script stops.
#   system_packages demo   fonts the PDFs embed, HarfBuzz's subsetter for WeasyPrint
#   system_packages test   the same, plus Chromium for browser tests, PostgreSQL's client and
#                          gettext (scripts/check_catalogue, makemessages, compilemessages)
#   install_packages p…    the given packages, by the same rule (scripts/check_catalogue)
system_packages() {
  local need=""
  [ -d /usr/share/fonts/truetype/liberation2 ] || need="$need fonts-liberation2"
  # WeasyPrint warns (an error under our pytest filters) without HarfBuzz's subsetter.
  ls /usr/lib/*/libharfbuzz-subset.so.0 >/dev/null 2>&1 || need="$need libharfbuzz-subset0"
  ls /usr/lib/*/libpango-1.0.so.0 >/dev/null 2>&1 || need="$need libpango-1.0-0 libpangoft2-1.0-0"
  # The virtualenv of scripts/_env.sh (Debian splits venv and ensurepip out of python3).
  "${PYTHON:-python3}" -c "import ensurepip, venv" >/dev/null 2>&1 || need="$need python3-venv"
  if [ "${1:-demo}" = "test" ]; then
    [ -x /usr/bin/chromium ] || need="$need chromium"
    command -v pg_isready >/dev/null || need="$need postgresql-client"
    # A server to test against: one answering on 5432, or one scripts/pg.sh can start.
    if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 \
      && ! (command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p "${PGPORT:-5432}"); then
      need="$need postgresql"
    fi
    # .ci/run's smoke run of scripts/demo asks the home page with curl.
    command -v curl >/dev/null || need="$need curl"
    # The Nu Html Checker (tests/public/vendor/vnu.jar) runs on the machine's Java.
    command -v java >/dev/null || need="$need default-jre-headless"
    # Translation catalogues: msgfmt, msgunfmt, msgattrib, xgettext, msgmerge.
    command -v msgfmt >/dev/null || need="$need gettext"
  fi
  # shellcheck disable=SC2086
  install_packages $need
}

install_packages() {
  [ "$#" -eq 0 ] && return 0
  local need=" $*"
  if [ "$(id -u)" != "0" ]; then
    echo "→ Thiếu gói hệ thống. Hãy chạy với quyền root:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends$need" >&2
    exit 1
  fi
  echo "→ Cài gói hệ thống:$need"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || true
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $need
}
