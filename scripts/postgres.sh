# Sourced by scripts/test.sh: make sure the local PostgreSQL runs and export a throw-away test
# database URL in THERMOCRAFT_TEST_POSTGRES_URL (left unset when PostgreSQL is not installed).
if command -v pg_lsclusters >/dev/null 2>&1; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
  fi
  for _ in $(seq 1 30); do
    su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break
    sleep 1
  done
  su postgres -c "psql -qAtc \"select 1 from pg_database where datname = 'thermocraft_test'\"" | grep -q 1 \
    || su postgres -c "createdb thermocraft_test"
  export THERMOCRAFT_TEST_POSTGRES_URL=${THERMOCRAFT_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/thermocraft_test}
else
  echo "test: PostgreSQL is not installed; the PostgreSQL tests will be skipped" >&2
fi
