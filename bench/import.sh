#!/usr/bin/env bash
# The import benchmark of issue 5: a 1,000,000-row CSV (1,000 shops × 1,000 days, deterministic)
# imported through the product (POST /api/v1/actuals on a release build, with every check, the
# undo bookkeeping and the monthly rollup) against `psql \copy` of the same file into the same
# table (daily_actual, emptied before each run), interleaved A B A B …, median of ROUNDS.
#
#   bench/import.sh                      # ROUNDS=3 SHOPS=1000 DAYS=1000
#   ROUNDS=5 SHOPS=100 DAYS=100 bench/import.sh   # a quick smoke run
#
# Prints one JSON line per measurement and a summary table; everything also goes to
# bench/out/import-<time>.jsonl. The bar: our rows/s ≥ 0.8 × psql's.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
SHOPS=${SHOPS:-1000}
DAYS=${DAYS:-1000}
PORT=${PORT:-18093}
DB=${BENCH_DB:-shopplan_bench_import}
TARGET=${CARGO_TARGET_DIR:-target}
mkdir -p bench/out bench/data
OUT="bench/out/import-$(date +%Y%m%d-%H%M%S).jsonl"
CSV="bench/data/actuals-${SHOPS}x${DAYS}.csv"
API="http://127.0.0.1:$PORT/api/v1"

scripts/postgres.sh >/dev/null
SQLX_OFFLINE=true cargo build --release --locked --quiet --bin shopplan
socket=${PGHOST:-/var/run/postgresql}
url="postgres://$(id -un)@localhost/$DB?host=$socket"
psql -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

DATABASE_URL=$url BIND_ADDR=127.0.0.1:$PORT MAX_UPLOAD_MB=1024 IMPORT_TIMEOUT_SECS=3600 \
    RUST_LOG=warn "$TARGET/release/shopplan" serve >bench/out/import-server.log 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done

# The organization and its shops, made through the product.
token=$(curl -fs "$API/signup" -H 'Content-Type: application/json' \
    -d '{"organization":"基准测试代运营","name":"基准","email":"bench@example.com","password":"bench passphrase long enough"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
auth="Authorization: Bearer $token"
for i in $(seq 1 "$SHOPS"); do
    printf '{"name":"店铺%04d","platform":"tmall"}' "$i"
    echo
done | while read -r body; do
    curl -fs "$API/shops" -H "$auth" -H 'Content-Type: application/json' -d "$body" >/dev/null
done
curl -fs "$API/shops" -H "$auth" | python3 -c '
import json, sys
shops = sorted(json.load(sys.stdin), key=lambda s: s["name"])
for s in shops: print(s["id"])' >bench/data/shops.txt
tenant=$(psql -d "$DB" -Atc "SELECT id FROM tenant")

# The file: tenant and shop ids first, so that psql loads the very same bytes into daily_actual
# (the importer ignores the tenant_id column, as it does any column it does not know).
for d in $(seq 0 $((DAYS - 1))); do date -u -d "2023-01-01 + $d days" +%F; done >bench/data/dates.txt
awk -v tenant="$tenant" '
BEGIN { print "tenant_id,shop,date,uv,buyers,orders,sales,refunds,pv" }
NR == FNR { dates[days++] = $1; next }
{
    s = FNR
    for (d = 0; d < days; d++) {
        uv = 500 + (s * 7919 + d * 104729) % 4500
        buyers = int(uv * (1 + (s + d) % 4) / 100)
        cents = buyers * (8000 + (s * 31 + d * 17) % 12000)
        refund = int(cents * ((s + d) % 5) / 100)
        printf "%s,%s,%s,%d,%d,%d,%d.%02d,%d.%02d,%d\n", tenant, $1, dates[d],
            uv, buyers, buyers + d % 3, cents / 100, cents % 100, refund / 100, refund % 100, uv * 3 + d % 7
    }
}' bench/data/dates.txt bench/data/shops.txt >"$CSV"
rows=$(($(wc -l <"$CSV") - 1))
size=$(du -m "$CSV" | cut -f1)

reset() {
    psql -d "$DB" -qc "TRUNCATE daily_actual, actual_month, import_replaced_actual, import_replaced_spend, data_import_shop, data_import" \
        -c "CHECKPOINT"
}
now() { date +%s.%N; }
rss_mb() { awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$server/status"; }
emit() { echo "$1" | tee -a "$OUT"; }

ours=()
theirs=()
for round in $(seq 1 "$ROUNDS"); do
    reset
    t0=$(now)
    answer=$(curl -fsS "$API/actuals?file_name=bench.csv" -H "$auth" -H 'Content-Type: text/csv' \
        --data-binary @"$CSV")
    t1=$(now)
    imported=$(echo "$answer" | python3 -c 'import json,sys; print(json.load(sys.stdin)["rows"])')
    [ "$imported" = "$rows" ] || { echo "import answered $answer" >&2; exit 1; }
    secs=$(echo "$t1 - $t0" | bc -l)
    rps=$(echo "$rows / $secs" | bc -l)
    ours+=("$rps")
    emit "$(printf '{"scenario":"import_api","round":%d,"rows":%d,"mb":%d,"seconds":%.3f,"rows_per_s":%.0f,"peak_rss_mb":%s}' \
        "$round" "$rows" "$size" "$secs" "$rps" "$(rss_mb)")"

    reset
    t0=$(now)
    psql -d "$DB" -qc "\\copy daily_actual (tenant_id, shop_id, date, uv, buyers, orders, sales, refunds, pv) FROM '$CSV' WITH (FORMAT csv, HEADER true)"
    t1=$(now)
    secs=$(echo "$t1 - $t0" | bc -l)
    rps=$(echo "$rows / $secs" | bc -l)
    theirs+=("$rps")
    emit "$(printf '{"scenario":"psql_copy","round":%d,"rows":%d,"mb":%d,"seconds":%.3f,"rows_per_s":%.0f}' \
        "$round" "$rows" "$size" "$secs" "$rps")"
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ours_median=$(median "${ours[@]}")
theirs_median=$(median "${theirs[@]}")
ratio=$(echo "$ours_median / $theirs_median" | bc -l)
emit "$(printf '{"scenario":"import_ratio","rows":%d,"ours_rows_per_s":%.0f,"psql_rows_per_s":%.0f,"ratio":%.3f,"bar":0.8,"peak_rss_mb":%s}' \
    "$rows" "$ours_median" "$theirs_median" "$ratio" "$(rss_mb)")"
echo
printf '| scenario | rows/s (median of %d) | ratio |\n|---|---|---|\n' "$ROUNDS"
printf '| POST /api/v1/actuals (parse, validate, stage, upsert, rollup) | %.0f | %.2f |\n' "$ours_median" "$ratio"
printf '| psql \\copy into daily_actual | %.0f | 1.00 |\n' "$theirs_median"
printf '\n%d rows, %d MB; server peak RSS %s MB. Results in %s\n' "$rows" "$size" "$(rss_mb)" "$OUT"
