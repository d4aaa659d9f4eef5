# Shared by Tools/bench-service/*: a fresh election served by a real `urna serve`.
# Needs BIN (the release bin folder holding urna, urna-loadgen, scrutineer, urna-bench) and WORK
# (a temporary folder, removed by the caller).

say() { echo "bench-service: $*" >&2; }
die() { say "FAILED: $*"; exit 1; }

# setup_election VOTERS: the election in $WORK/el, open, with its letters in $WORK/letters.csv.
# The ballot shape of `Tools/bench verify`: one contest of 10 candidates, vote for 1; one district;
# RSA-3072 token keys (the default).
setup_election() {
    local voters=$1
    (
        cd "$WORK"
        cat > manifest.json <<'JSON'
{"election_id": "bench-2026", "title": "Service benchmark", "revoting": false, "spoil_limit": 0,
 "contests": [{"id": "c", "title": "Contest", "min": 1, "max": 1, "candidates": [
   {"id": "k1", "name": "K1"}, {"id": "k2", "name": "K2"}, {"id": "k3", "name": "K3"}, {"id": "k4", "name": "K4"},
   {"id": "k5", "name": "K5"}, {"id": "k6", "name": "K6"}, {"id": "k7", "name": "K7"}, {"id": "k8", "name": "K8"},
   {"id": "k9", "name": "K9"}, {"id": "k10", "name": "K10"}]}],
 "districts": [{"id": "d", "name": "D", "contests": ["c"]}]}
JSON
        { echo "voter_id,district"; for i in $(seq 1 "$voters"); do echo "v$i,d"; done; } > voters.csv
        "$BIN/urna" registrar init --name registrar --roll voters.csv --manifest manifest.json \
            --key registrar.key --public-out registrar.json
        for t in 1 2 3; do "$BIN/urna" trustee init --name "t$t" --key "t$t.key" --public-out "t$t.pub.json"; done
        "$BIN/urna" election create --dir el --manifest manifest.json --registrar registrar.json \
            --trustee t1.pub.json --trustee t2.pub.json --trustee t3.pub.json --threshold 2
        "$BIN/urna" registrar roll --key registrar.key --record el --out roll.json --letters-out letters.csv
        "$BIN/urna" roll import --dir el roll.json
        for round in pledge commit check; do
            for t in 1 2 3; do "$BIN/urna" trustee "$round" --key "t$t.key" --record el --out "t$t.$round.json"; done
            "$BIN/urna" trustee import --dir el t1.$round.json t2.$round.json t3.$round.json
        done
        "$BIN/urna" election open --dir el
        "$BIN/urna" export --dir el --out published && cp published/ledger.vkey el.vkey
    ) > "$WORK/setup.log" 2>&1 || { tail -20 "$WORK/setup.log" >&2; die "setting up the election"; }
}

# free_port: a TCP port nobody listens on now.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# serve: starts `urna serve` on $WORK/el in the background; sets SERVE_PID and URL.
serve() {
    local port
    port=$(free_port)
    "$BIN/urna" serve --dir "$WORK/el" --listen "127.0.0.1:$port" --rate 1000000 --burst 1000000 \
        --max-connections 4096 --access-log /dev/null "$@" > "$WORK/serve.out" 2> "$WORK/serve.err" &
    SERVE_PID=$!
    URL="http://127.0.0.1:$port"
    for _ in $(seq 1 300); do
        grep -q "listening on" "$WORK/serve.out" 2>/dev/null && return 0
        kill -0 "$SERVE_PID" 2>/dev/null || { cat "$WORK/serve.err" >&2; die "urna serve exited"; }
        sleep 0.1
    done
    die "urna serve did not start listening"
}

stop_serve() {
    if [ -n "${SERVE_PID:-}" ]; then
        kill -TERM "$SERVE_PID" 2>/dev/null || true
        wait "$SERVE_PID" 2>/dev/null || true
        SERVE_PID=
    fi
}

# bench_value NAME FILE: the value of `bench NAME VALUE UNIT` in FILE.
bench_value() { awk -v n="$1" '$1 == "bench" && $2 == n { print $3; exit }' "$2"; }

# ratio A B: A/B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "0" }'; }
