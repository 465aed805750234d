# Find a PostgreSQL server on 127.0.0.1:5432 or start one; exports PGHOST/PGPORT/PGUSER.
export PGHOST=127.0.0.1 PGUSER=postgres PGPORT="${PGPORT:-5432}"
if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
  echo "→ PostgreSQL không trả lời trên $PGHOST:$PGPORT, thử khởi động cụm có sẵn"
  VERSION=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -1 || true)
  if [ -n "$VERSION" ]; then
    pg_ctlcluster --skip-systemctl-redirect "$VERSION" main start || true
    for _ in $(seq 1 20); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 0.5; done
  fi
fi
if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
  echo "→ Tạo cụm PostgreSQL tạm thời trên cổng 55432"
  BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  mkdir -p /tmp/thidua-pg && chown postgres:postgres /tmp/thidua-pg
  if [ ! -f /tmp/thidua-pg/data/PG_VERSION ]; then
    runuser -u postgres -- "$BIN/initdb" -D /tmp/thidua-pg/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  runuser -u postgres -- "$BIN/pg_ctl" -D /tmp/thidua-pg/data -o "-p 55432 -k /tmp/thidua-pg -c listen_addresses=127.0.0.1" -l /tmp/thidua-pg/log -w start
  export PGPORT=55432
fi
