#!/usr/bin/env bash
# Benchmark and resilience drill for the Credential Broker. See docs/PERFORMANCE.md.
#
# Starts moto_server, a counting STS proxy (bench/sts_proxy.py), the broker jar and nginx, all on 127.0.0.1, runs
# the phases (cached path, nginx ceiling, side by side with aws-vault, OIDC, cold bursts, STS outage, renewal, every
# documented start method), prints a summary table with the targets next to the figures, each judged MET or MISSED,
# and writes it to bench/out/results.md. Exits non-zero only when something cannot be set up.
# The three-run benchmark the targets are judged on: BENCH_RUNS=3 BENCH_PEERS=/path/to/bench-peers bench/run.sh
#
# Knobs (environment):
#   BENCH_DURATION=20s          wrk duration of the cached, nginx and renewal runs
#   BENCH_WARMUP=10s            wrk warm-up before each measured run (JIT, connection pools)
#   BENCH_THREADS=2 BENCH_CONNECTIONS=32   wrk -t / -c
#   BENCH_WORKLOADS=10          cached workloads the wrk runs rotate over
#   BENCH_BURST_WORKLOADS=100 BENCH_BURST_CLIENTS=10   cold burst: new workloads x clients each, all at once
#   BENCH_BURST_WARMUP=3000     issuances for other workloads before the measured burst (JIT of the miss path),
#                               in bursts of up to 1000
#   BENCH_BURST_ROUNDS=3        measured bursts, each on fresh workloads (the latency target holds in every round)
#   BENCH_IDLE=30s              after phases 1-3: idle time before resident memory is read again (0: not read)
#   BENCH_OUTAGE=60s            STS outage length; BENCH_OUTAGE_CONNECTIONS=4 wrk -c of the background load
#   BENCH_RECOVERY=20s          how long after the outage a new workload may take to succeed
#   BENCH_RENEW_EVERY=5         renewal phase: seconds between renewals of each entry
#   BENCH_JVM_OPTS=...          JVM flags of the broker (default below)
#   BENCH_CDS=1                 start the broker with a class-data-sharing archive, as the image does (0: plain jar)
#   BENCH_MALLOC_ARENA_MAX=2    MALLOC_ARENA_MAX of the broker process
#   BENCH_BROKER_ARGS=...       extra --property=value arguments for the broker (e.g. Tomcat settings)
#   BENCH_PHASES="cached nginx sbs oidc burst outage renewal starts"   which phases to run
#   BENCH_PEERS=DIR             side-by-side phase (sbs): a directory holding side_by_side.sh and the aws-vault ECS
#                               server it runs (unset: the phase is skipped, saying so)
#   BENCH_SBS_DURATION=10s BENCH_SBS_PASSES=2 BENCH_SBS_WARMUP=0   side_by_side.sh's SBS_DURATION/PASSES/WARMUP
#   BENCH_RUNS=1                whole runs in a row; with more than one, bench/out/results.md reports per target the
#                               figures of every run and the worst verdict (each run's own table: bench/out/run-N/)
#   BENCH_OUT=bench/out         where results.md and the work directory go
#   BENCH_PROFILER=...          CPU profile of the measured burst rounds: async-profiler's asprof command, or the path
#                               of its libasyncProfiler.so (loaded with jcmd)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")

# ------------------------------------------------------------------------------------ several runs, worst of them

RUNS=${BENCH_RUNS:-1}
if ((RUNS > 1)) && [[ -z ${BENCH_RUN_INDEX:-} ]]; then
  OUT_ROOT=${BENCH_OUT:-$HERE/out}
  mkdir -p "$OUT_ROOT"
  for i in $(seq 1 "$RUNS"); do
    printf '[bench %s] ===== run %s of %s =====\n' "$(date +%H:%M:%S)" "$i" "$RUNS" >&2
    rm -rf "$OUT_ROOT/run-$i"
    BENCH_RUN_INDEX=$i BENCH_OUT="$OUT_ROOT/run-$i" "$0" || exit $?
  done
  python3 - "$OUT_ROOT" "$RUNS" >"$OUT_ROOT/results.md" <<'PY'
import sys
out, runs = sys.argv[1], int(sys.argv[2])
order, rows = [], {}
for i in range(1, runs + 1):
    for line in open(f"{out}/run-{i}/results.tsv"):
        phase, figure, target, result = line.rstrip("\n").split("\t")
        key = (phase, target)
        if key not in rows:
            order.append(key)
            rows[key] = [None] * runs
        rows[key][i - 1] = (figure, result)
rank = {"MISSED": 3, "not run": 2, "skipped": 1, "MET": 0}
print(f"## Worst of {runs} runs")
print()
heads = open(f"{out}/run-1/results.md").read().split("\n| phase |")[0].split("\n")[2:]
print("\n".join(line for line in heads if line.strip()))
print()
print("| phase | target | " + " | ".join(f"run {i}" for i in range(1, runs + 1)) + " | worst |")
print("|---|---|" + "---|" * runs + "---|")
for key in order:
    cells = rows[key]
    results = [c[1] if c else "not run" for c in cells]
    worst = max(results, key=lambda r: rank.get(r.split(" ")[0], 2))
    shown = [f"{c[0]} ({c[1]})" if c else "not run" for c in cells]
    print(f"| {key[0]} | {key[1]} | " + " | ".join(shown) + f" | {worst} |")
print()
for i in range(1, runs + 1):
    print(f"### Run {i}")
    print()
    print(open(f"{out}/run-{i}/results.md").read())
PY
  echo
  cat "$OUT_ROOT/results.md"
  printf '[bench %s] written: %s\n' "$(date +%H:%M:%S)" "$OUT_ROOT/results.md" >&2
  exit 0
fi

OUT=${BENCH_OUT:-$HERE/out}
WORK="$OUT/work"

DURATION=${BENCH_DURATION:-20s}
WARMUP=${BENCH_WARMUP:-10s}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
WORKLOADS=${BENCH_WORKLOADS:-10}
BURST_WORKLOADS=${BENCH_BURST_WORKLOADS:-100}
BURST_CLIENTS=${BENCH_BURST_CLIENTS:-10}
OUTAGE=${BENCH_OUTAGE:-60s}
OUTAGE_CONNECTIONS=${BENCH_OUTAGE_CONNECTIONS:-4}
RECOVERY=${BENCH_RECOVERY:-20s}
RENEW_EVERY=${BENCH_RENEW_EVERY:-5}
BURST_WARMUP=${BENCH_BURST_WARMUP:-3000}
BURST_ROUNDS=${BENCH_BURST_ROUNDS:-3}
IDLE=${BENCH_IDLE:-30s}
PHASES=${BENCH_PHASES:-cached nginx sbs oidc burst outage renewal starts}
# Serial GC: on 2 cores shared with the load generator a single-threaded young collection of a small heap is the
# cheapest; a capped heap keeps RSS predictable. Measured alternatives: docs/PERFORMANCE.md.
# -XX:-ShrinkHeapInSteps, as in the image: the full collection the broker runs after a burst
# (credbroker.endpoint.release-heap-after-burst) gives the heap back at once, not over four collections.
JVM_OPTS=${BENCH_JVM_OPTS:--XX:+UseSerialGC -Xms64m -Xmx192m -XX:-ShrinkHeapInSteps -XX:MaxNewSize=32m -Xss512k -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=5000}
# glibc gives each thread that mallocs its own arena; with 200 Tomcat threads after a burst that is tens of MB of RSS.
MALLOC_ARENAS=${BENCH_MALLOC_ARENA_MAX:-2}
BROKER_ARGS=${BENCH_BROKER_ARGS:-}
JAR="$ROOT/target/credential-broker-0.1.0-SNAPSHOT.jar"
ROLE_ARN="arn:aws:iam::123456789012:role/app"
DEADLINE_MS=800

# ---------------------------------------------------------------------------------------------------- helpers

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "SETUP FAILED: $*"; exit 2; }

seconds_of() { # 20s | 1m | 500ms -> seconds (float)
  local v=$1
  case $v in
    *ms) awk -v x="${v%ms}" 'BEGIN{print x/1000}' ;;
    *s) echo "${v%s}" ;;
    *m) awk -v x="${v%m}" 'BEGIN{print x*60}' ;;
    *h) awk -v x="${v%h}" 'BEGIN{print x*3600}' ;;
    *) echo "$v" ;;
  esac
}

now_ms() { date +%s%3N; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

PIDS=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    pid=${PIDS[$i]}
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

forget_pid() { # a process we stopped ourselves
  local gone=$1 kept=() pid
  for pid in "${PIDS[@]}"; do [[ $pid == "$gone" ]] || kept+=("$pid"); done
  PIDS=("${kept[@]}")
}

stop_pid() {
  local pid=$1
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  forget_pid "$pid"
}

wait_http() { # url timeout_s [grep]
  local url=$1 timeout=$2 pattern=${3:-} deadline=$(($(date +%s) + $2))
  while (($(date +%s) < deadline)); do
    if body=$(curl -fsS --max-time 2 "$url" 2>/dev/null) && [[ -z $pattern || $body == *"$pattern"* ]]; then
      return 0
    fi
    sleep 0.05
  done
  return 1
}

json_field() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get(sys.argv[1], "") if isinstance(d, dict) else "")' "$1"; }

kv() { # "BENCH a=1 b=2" key -> value
  tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"
}

fmt() { awk -v x="$1" -v d="${2:-1}" 'BEGIN{ if (x == "") print "n/a"; else printf "%.*f\n", d, x }'; }

# verdict 1|0 : "MET" / "MISSED"
verdict() { if [[ $1 == 1 ]]; then echo "MET"; else echo "MISSED"; fi; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN{ print (a != "" && a+0 < b+0) ? 1 : 0 }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN{ print (a != "" && a+0 <= b+0) ? 1 : 0 }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN{ print (a != "" && a+0 >= b+0) ? 1 : 0 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a == "" || b == "" || b+0 == 0) print ""; else printf "%.2f\n", a/b }'; }
# The same, unrounded: what a target is judged on (a ratio of 0.898 is printed 0.90 but misses 0.90).
exact_ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a == "" || b == "" || b+0 == 0) print ""; else printf "%.6f\n", a/b }'; }

# ------------------------------------------------------------------------------------------------ tool checks

missing=()
for tool in java python3 curl moto_server wrk ss; do command -v "$tool" >/dev/null || missing+=("$tool"); done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $NGINX ]] || missing+=(nginx)
if ((${#missing[@]})); then
  log "missing: ${missing[*]}"
  log "install with: apt-get update && apt-get install -y wrk nginx-light   (moto_server: pip install 'moto[server]==5.2.1')"
  exit 2
fi

rm -rf "$WORK"
mkdir -p "$WORK"

if [[ ! -f $JAR || -n $(cd "$ROOT" && find src pom.xml -newer "$JAR" -print -quit) ]]; then
  log "building $JAR (missing or older than the sources)"
  (cd "$ROOT" && ./mvnw -q -DskipTests package) || die "maven build failed"
fi

# The burst client: the C engine when a compiler is here (a fraction of the asyncio client's CPU), else asyncio.
BURST=(python3 "$HERE/burst.py")
if command -v cc >/dev/null && cc -O2 -o "$WORK/burst" "$HERE/burst.c" 2>"$WORK/burst-cc.log"; then
  BURST+=(--engine "$WORK/burst")
else
  log "no C compiler (or burst.c did not build): the asyncio burst client's own overhead is in the burst latencies"
fi

# Class-data sharing, as the Docker image does: the jar extracted, one training run (the Dockerfile's arguments:
# in-memory database, throwaway key) that stops after the context refresh writes the archive, later starts map it.
# BENCH_CDS=0 starts from the plain jar; with CDS on, one plain start is measured too, for comparison.
PLAIN_LAUNCH=(-jar "$JAR")
LAUNCH=("${PLAIN_LAUNCH[@]}")
if [[ ${BENCH_CDS:-1} == 1 ]]; then
  log "class-data sharing: extracting the jar and writing the archive (training run)"
  rm -rf "$WORK/cds" && mkdir -p "$WORK/cds"
  (cd "$WORK/cds" && java -Djarmode=tools -jar "$JAR" extract --destination app >/dev/null) || die "jar extract failed"
  CDS_JAR="$WORK/cds/app/$(basename "$JAR")"
  # shellcheck disable=SC2086
  (cd "$WORK/cds" && java $JVM_OPTS -XX:ArchiveClassesAtExit=app.jsa \
    -jar "$CDS_JAR" --credbroker.exit-when-ready=true --server.port=0 --spring.datasource.url=jdbc:h2:mem:cds-training \
    --credbroker.data-dir="$WORK/cds/data" --credbroker.master.key=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= \
    >training.log 2>&1) || die "CDS training run failed (see $WORK/cds/training.log)"
  LAUNCH=(-XX:SharedArchiveFile="$WORK/cds/app.jsa" -jar "$CDS_JAR")
fi

# --------------------------------------------------------------------------------------------- moto + proxy

MOTO_PORT=$(free_port)
moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!
PIDS+=("$MOTO_PID")
PROXY_PORT=$(free_port)
CONTROL_PORT=$(free_port)
python3 "$HERE/sts_proxy.py" "$PROXY_PORT" "$CONTROL_PORT" "$MOTO_PORT" >"$WORK/proxy.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$MOTO_PORT/moto-api/" 60 || die "moto_server did not start (see $WORK/moto.log)"
wait_http "http://127.0.0.1:$CONTROL_PORT/health" 20 || die "sts_proxy did not start (see $WORK/proxy.log)"
log "moto on $MOTO_PORT, STS proxy on $PROXY_PORT (control $CONTROL_PORT)"

proxy() { curl -fsS -X "$1" "http://127.0.0.1:$CONTROL_PORT/$2"; }
sts_count() { proxy GET counts | python3 -c 'import json,sys; print(json.load(sys.stdin).get(sys.argv[1], 0))' "${1:-AssumeRole}"; }

# ---------------------------------------------------------------------------------------------------- broker

ADMIN_TOKEN=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
BROKER_PID=""
BROKER_PORT=""
READY_MS=""
STARTED_S=""

# How the broker is started (START_METHOD): image - the bench's JVM flags (the image's, heap capped) with the
# class-data archive when BENCH_CDS=1; jar - the README's `java -jar` line, word for word; mvn - `./mvnw
# spring-boot:run` (JVM flags from the pom). BROKER_PID is the broker's JVM in each case (with mvn, Maven's own JVM is
# MVN_PID).
START_METHOD=image
MVN_PID=""
# The README's lean `java -jar` line: what a user copies is what is measured.
README_JAR_LINE=$(sed -n 's/^\.\/mvnw -DskipTests package && \(.* -jar target\/[^ ]*\.jar\)$/\1/p' "$ROOT/README.md" | head -1)

listening_pid() { # port -> pid of the process listening on it (ours)
  ss -Htlnp "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1
}

start_broker() { # name extra-args...
  local name=$1
  shift
  BROKER_PORT=$(free_port)
  mkdir -p "$WORK/$name"
  local t0 words
  t0=$(now_ms)
  MVN_PID=""
  export CREDBROKER_ADMIN_TOKEN=$ADMIN_TOKEN CREDBROKER_STS_ENDPOINT="http://127.0.0.1:$PROXY_PORT" \
    CREDBROKER_ENDPOINT_WORKLOADREQUESTSPERSECOND=0 CREDBROKER_STS_RATELIMIT_CALLSPERSECOND=1000 AWS_REGION=us-east-1
  local args=(--server.port="$BROKER_PORT" --server.address=127.0.0.1 --credbroker.data-dir="$WORK/$name/data")
  # shellcheck disable=SC2206
  args+=($BROKER_ARGS "$@")
  case $START_METHOD in
    image)
      # shellcheck disable=SC2086
      MALLOC_ARENA_MAX=$MALLOC_ARENAS java $JVM_OPTS -Xlog:gc:file="$WORK/$name/gc.log" "${LAUNCH[@]}" "${args[@]}" \
        >"$WORK/$name/broker.log" 2>&1 &
      BROKER_PID=$!
      ;;
    jar)
      [[ -n $README_JAR_LINE ]] || die "README.md has no line './mvnw -DskipTests package && ... java ... -jar target/....jar'"
      read -ra words <<<"$README_JAR_LINE"
      (cd "$ROOT" && exec env "${words[@]}" "${args[@]}") >"$WORK/$name/broker.log" 2>&1 &
      BROKER_PID=$!
      ;;
    mvn)
      (cd "$ROOT" && exec ./mvnw -q -o spring-boot:run -Dspring-boot.run.arguments="${args[*]}") \
        >"$WORK/$name/broker.log" 2>&1 &
      MVN_PID=$!
      BROKER_PID=$MVN_PID
      ;;
  esac
  PIDS+=("$BROKER_PID")
  wait_http "http://127.0.0.1:$BROKER_PORT/actuator/health/readiness" 300 '"UP"' ||
    die "broker '$name' not ready (see $WORK/$name/broker.log)"
  READY_MS=$(($(now_ms) - t0))
  if [[ $START_METHOD == mvn ]]; then
    BROKER_PID=$(listening_pid "$BROKER_PORT")
    [[ -n $BROKER_PID ]] || die "cannot tell the broker's JVM under ./mvnw spring-boot:run (ss -tlnp)"
    PIDS+=("$BROKER_PID")
  fi
  STARTED_S=$(sed -n 's/.*Started .* in \([0-9.]*\) seconds.*/\1/p' "$WORK/$name/broker.log" | head -1)
  log "broker '$name' (pid $BROKER_PID) on $BROKER_PORT ready after ${READY_MS} ms (log: Started in ${STARTED_S:-?} s)"
  BROKER="http://127.0.0.1:$BROKER_PORT"
  admin PUT /admin/v1/sources/main \
    '{"type":"static","accessKeyId":"AKIAIOSFODNN7EXAMPLE","secretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY","region":"us-east-1"}' \
    >/dev/null || die "could not register the source"
}

# async-profiler on the broker's JVM (BENCH_PROFILER): either its asprof command, or its agent library
# (libasyncProfiler.so, e.g. from the tools.profiler:async-profiler jar on Maven Central), which the JDK's jcmd loads.
profiler_start() { # CPU, per thread, sampled every millisecond of CPU time
  if [[ $BENCH_PROFILER == *.so ]]; then
    # jcmd reads key=value words as its own options: the agent's option string goes in quotes.
    jcmd "$BROKER_PID" JVMTI.agent_load "$BENCH_PROFILER" '"start,event=itimer,interval=1ms,threads"' >/dev/null
  else
    $BENCH_PROFILER start -e itimer -i 1ms -t "$BROKER_PID" >/dev/null
  fi
}

profiler_stop() { # file : collapsed stacks
  if [[ $BENCH_PROFILER == *.so ]]; then
    jcmd "$BROKER_PID" JVMTI.agent_load "$BENCH_PROFILER" "\"stop,collapsed,file=$1\"" >/dev/null
  else
    $BENCH_PROFILER stop -o collapsed -f "$1" "$BROKER_PID" >/dev/null
  fi
}

admin() { # method path [body]
  curl -fsS -X "$1" "$BROKER$2" -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    ${3:+-d "$3"}
}

new_workloads() { # prefix count tokens-file : creates workloads, eight at a time; appends their tokens in order
  BENCH_BROKER=$BROKER BENCH_ADMIN_TOKEN=$ADMIN_TOKEN BENCH_ROLE=$ROLE_ARN python3 - "$@" <<'PY' || die "could not create workloads $1-*"
import concurrent.futures, json, os, sys, urllib.request
prefix, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
body = json.dumps({"source": "main", "type": "assume-role", "roleArn": os.environ["BENCH_ROLE"],
                   "durationSeconds": 3600}).encode()
def create(i):
    request = urllib.request.Request(f"{os.environ['BENCH_BROKER']}/admin/v1/workloads/{prefix}-{i}", data=body,
                                     method="PUT", headers={"Content-Type": "application/json",
                                                            "Authorization": "Bearer " + os.environ["BENCH_ADMIN_TOKEN"]})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)["token"]
with concurrent.futures.ThreadPoolExecutor(8) as pool:
    tokens = list(pool.map(create, range(1, count + 1)))
with open(out, "a") as file:
    file.writelines(token + "\n" for token in tokens)
PY
}

warm() { # tokens-file : every token must get a 200 (a cold miss may answer 503 + Retry-After first)
  local token status
  while read -r token; do
    for _ in $(seq 1 30); do
      status=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "Authorization: $token" "$BROKER/v1/credentials" || true)
      [[ $status == 200 ]] && break
      sleep 0.5
    done
    [[ $status == 200 ]] || die "warming a workload answered $status"
  done <"$1"
}

run_wrk() { # url tokens-file duration connections -> BENCH line
  local url=$1 tokens=$2 duration=$3 connections=$4 threads=$THREADS
  ((threads <= connections)) || threads=$connections
  BENCH_TOKENS=$tokens wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$HERE/credentials.lua" "$url" \
    >"$WORK/wrk-last.txt" 2>&1 || die "wrk failed: $(cat "$WORK/wrk-last.txt")"
  cat "$WORK/wrk-last.txt" >>"$WORK/wrk-all.txt"
  grep '^BENCH ' "$WORK/wrk-last.txt" || die "wrk printed no BENCH line"
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime + stime of a process, in clock ticks
cpu_seconds_since() { # pid ticks-before
  awk -v now="$(cpu_ticks "$1")" -v before="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.2f\n", (now - before) / hz}'
}

rss_mb() { awk '/VmRSS/ {printf "%.0f\n", $2/1024}' "/proc/$1/status"; }

phase_enabled() { [[ " $PHASES " == *" $1 "* ]]; }

# --------------------------------------------------------------------------------------------------- phases

declare -A R=()

start_broker main
R[ready_ms]=$READY_MS
R[started_s]=$STARTED_S
MAIN_PID=$BROKER_PID

CACHED_TOKENS="$WORK/cached.tokens"
: >"$CACHED_TOKENS"
new_workloads cached "$WORKLOADS" "$CACHED_TOKENS"
warm "$CACHED_TOKENS"

if phase_enabled cached; then
  log "phase 1: cached path, wrk -t$THREADS -c$CONNECTIONS -d$DURATION over $WORKLOADS workloads (warm-up $WARMUP)"
  run_wrk "$BROKER/v1/credentials" "$CACHED_TOKENS" "$WARMUP" "$CONNECTIONS" >/dev/null
  proxy POST reset >/dev/null
  line=$(run_wrk "$BROKER/v1/credentials" "$CACHED_TOKENS" "$DURATION" "$CONNECTIONS")
  log "  $line"
  for k in rps p50_ms p99_ms p999_ms max_ms requests non200 socket_errors; do R[cached_$k]=$(kv "$line" "$k"); done
  R[cached_sts]=$(sts_count AssumeRole)
  R[rss_cached_mb]=$(rss_mb "$MAIN_PID")
fi

if phase_enabled nginx; then
  log "phase 2: nginx ceiling, same load"
  NGINX_PORT=$(free_port)
  mkdir -p "$WORK/nginx/logs"
  body=$(curl -fsS -H "Authorization: $(head -1 "$CACHED_TOKENS")" "$BROKER/v1/credentials")
  body=${body//\'/}
  cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000; # nginx's default, explicit
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location = /v1/credentials {
      default_type application/json;
      add_header Cache-Control no-store;
      if (\$http_authorization != "tok") { return 401; }
      return 200 '$body';
    }
  }
}
EOF
  "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' >"$WORK/nginx/stdout.log" 2>&1 &
  NGINX_PID=$!
  PIDS+=("$NGINX_PID")
  echo tok >"$WORK/nginx.tokens"
  for _ in $(seq 1 100); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: tok' "http://127.0.0.1:$NGINX_PORT/v1/credentials") == 200 ]] && break
    sleep 0.1
  done
  [[ $(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: tok' "http://127.0.0.1:$NGINX_PORT/v1/credentials") == 200 ]] ||
    die "nginx does not answer (see $WORK/nginx/logs/error.log)"
  run_wrk "http://127.0.0.1:$NGINX_PORT/v1/credentials" "$WORK/nginx.tokens" "$WARMUP" "$CONNECTIONS" >/dev/null
  line=$(run_wrk "http://127.0.0.1:$NGINX_PORT/v1/credentials" "$WORK/nginx.tokens" "$DURATION" "$CONNECTIONS")
  log "  $line"
  for k in rps p50_ms p99_ms p999_ms max_ms requests non200; do R[nginx_$k]=$(kv "$line" "$k"); done
  stop_pid "$NGINX_PID"
fi

stop_broker() { # the broker started last, and Maven around it with the mvn start
  stop_pid "$BROKER_PID"
  [[ -z $MVN_PID ]] || stop_pid "$MVN_PID"
  MVN_PID=""
}

if phase_enabled sbs; then
  # Side by side: nginx (a static copy of the answer), aws-vault's own ECS server and this broker under the same
  # wrk load, in turn, by the peers' own script; it lives outside the repository (BENCH_PEERS).
  peers=${BENCH_PEERS:-}
  if [[ -z $peers ]]; then
    R[sbs_skipped]="BENCH_PEERS is not set"
  elif [[ ! -x $peers/side_by_side.sh ]]; then
    R[sbs_skipped]="no executable side_by_side.sh in BENCH_PEERS ($peers)"
  fi
  if [[ -n ${R[sbs_skipped]:-} ]]; then
    log "phase S: side-by-side with aws-vault skipped: ${R[sbs_skipped]} (a directory with side_by_side.sh and aws-vault-ecs)"
  else
    log "phase S: side-by-side with nginx and aws-vault ($peers/side_by_side.sh)"
    if SBS_DURATION=${BENCH_SBS_DURATION:-10s} SBS_PASSES=${BENCH_SBS_PASSES:-2} SBS_WARMUP=${BENCH_SBS_WARMUP:-0} \
      SBS_THREADS=$THREADS SBS_CONNECTIONS=$CONNECTIONS \
      "$peers/side_by_side.sh" "$BROKER" "$(head -1 "$CACHED_TOKENS")" >"$WORK/sbs.txt" 2>"$WORK/sbs.log"; then
      # Per pass: broker and aws-vault req/s and p99; every pass must have the broker ahead on both.
      eval "$(awk '
        NF == 5 && $1 ~ /^[0-9]+$/ && ($2 == "nginx" || $2 == "vault" || $2 == "broker") { rps[$1, $2] = $3; p99[$1, $2] = $4; if ($1 > n) n = $1 }
        END {
          rps_ok = (n > 0); p99_ok = (n > 0); worst = 0; fig = ""
          for (p = 1; p <= n; p++) {
            if (!(rps[p, "broker"] > rps[p, "vault"])) rps_ok = 0
            if (!(p99[p, "broker"] < p99[p, "vault"])) p99_ok = 0
            if (p99[p, "broker"] > worst) worst = p99[p, "broker"]
            fig = fig sprintf("%spass %d: broker %.0f req/s p99 %.2f ms, aws-vault %.0f req/s p99 %.2f ms, nginx %.0f req/s p99 %.2f ms", (p > 1) ? "; " : "", p, rps[p, "broker"], p99[p, "broker"], rps[p, "vault"], p99[p, "vault"], rps[p, "nginx"], p99[p, "nginx"])
          }
          printf "R[sbs_passes]=%d\nR[sbs_rps_ok]=%d\nR[sbs_p99_ok]=%d\nR[sbs_broker_p99_worst]=%s\nR[sbs_figure]=\"%s\"\n", n, rps_ok, p99_ok, worst, fig
        }' "$WORK/sbs.txt")"
      log "  ${R[sbs_figure]}"
    else
      R[sbs_skipped]="side_by_side.sh failed: $(tail -1 "$WORK/sbs.log")"
      log "  ${R[sbs_skipped]}"
    fi
  fi
fi

if phase_enabled oidc; then
  # The workload-identity path: the same workload asked with a JWT from an OIDC issuer and with its cbw_ token, the
  # cached path either way. Only when the broker has issuers (PUT /admin/v1/issuers/{name}); else skipped.
  mkdir -p "$WORK/oidc"
  subject="system:serviceaccount:bench:app"
  python3 "$HERE/oidc_issuer.py" "$WORK/oidc" "$subject" >"$WORK/oidc/issuer.log" 2>&1 &
  OIDC_PID=$!
  PIDS+=("$OIDC_PID")
  for _ in $(seq 1 200); do [[ -f $WORK/oidc/issuer.json ]] && break; sleep 0.1; done
  [[ -f $WORK/oidc/issuer.json ]] || die "bench/oidc_issuer.py did not start (see $WORK/oidc/issuer.log; needs python3's cryptography)"
  python3 - "$WORK/oidc" >"$WORK/oidc/put-issuer.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/issuer.json"))
print(json.dumps({"issuer": d["issuer"], "jwksUri": d["jwksUri"], "audiences": ["credential-broker"],
                  "caCertificate": open(sys.argv[1] + "/ca.pem").read()}))
PY
  status=$(curl -s -o "$WORK/oidc/put-issuer.out" -w '%{http_code}' -X PUT "$BROKER/admin/v1/issuers/bench" \
    -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' -d @"$WORK/oidc/put-issuer.json" || true)
  if [[ $status == 404 ]]; then
    R[oidc_skipped]="the broker has no OIDC issuers (PUT /admin/v1/issuers/bench answered 404)"
    log "phase 7: OIDC skipped: ${R[oidc_skipped]}"
  elif [[ $status != 200 && $status != 201 ]]; then
    R[oidc_error]="PUT /admin/v1/issuers/bench answered $status: $(head -c 300 "$WORK/oidc/put-issuer.out")"
    log "phase 7: OIDC: ${R[oidc_error]}"
  else
    log "phase 7: OIDC: cached path with a JWT vs with the same workload's cbw_ token, wrk -c$CONNECTIONS -d$DURATION each"
    created=$(admin PUT /admin/v1/workloads/oidc-app "{\"source\":\"main\",\"type\":\"assume-role\",\"roleArn\":\"$ROLE_ARN\",\"durationSeconds\":3600,\"identities\":[{\"issuer\":\"bench\",\"subject\":\"$subject\"}]}") ||
      die "could not create the OIDC-bound workload"
    json_field token <<<"$created" >"$WORK/oidc-cbw.tokens"
    cp "$WORK/oidc/token.jwt" "$WORK/oidc-jwt.tokens"
    warm "$WORK/oidc-cbw.tokens"
    warm "$WORK/oidc-jwt.tokens"
    run_wrk "$BROKER/v1/credentials" "$WORK/oidc-jwt.tokens" "$WARMUP" "$CONNECTIONS" >/dev/null
    run_wrk "$BROKER/v1/credentials" "$WORK/oidc-cbw.tokens" "$WARMUP" "$CONNECTIONS" >/dev/null
    # Eight passes of a quarter of the duration each, in the order cbw, jwt, jwt, cbw, cbw, jwt, jwt, cbw: a drift of
    # the machine over the phase (a neighbour's load, the heap filling, the JIT recompiling Tomcat's parsing when the
    # first long header arrives) weighs on both paths alike instead of on whichever is measured first. With two long
    # passes (cbw then jwt) the first cbw pass alone ran at 42k req/s and every later pass of either kind at 28-29k.
    half=$(awk -v d="$DURATION" 'BEGIN{ n = d + 0; u = substr(d, length(n "") + 1); printf "%d%s\n", (n + 1) / 2, u }')
    quarter=$(awk -v d="$DURATION" 'BEGIN{ n = d + 0; u = substr(d, length(n "") + 1); printf "%d%s\n", (n + 3) / 4, u }')
    for kind in cbw jwt jwt cbw cbw jwt jwt cbw; do
      line=$(run_wrk "$BROKER/v1/credentials" "$WORK/oidc-$kind.tokens" "$quarter" "$CONNECTIONS")
      log "  $kind: $line"
      echo "$line" >>"$WORK/oidc-$kind.passes"
    done
    # Not judged: the cbw_ token with its request padded to the JWT's length (an X-Pad header), then the JWT once more:
    # how much of the gap is the longer request itself (parsing the header, hashing the token) rather than OIDC.
    pad=$(($(wc -c <"$WORK/oidc-jwt.tokens") - $(wc -c <"$WORK/oidc-cbw.tokens") - 9))
    ((pad > 0)) || pad=1
    R[oidc_padded_rps]=$(kv "$(BENCH_PAD=$pad run_wrk "$BROKER/v1/credentials" "$WORK/oidc-cbw.tokens" "$half" "$CONNECTIONS")" rps)
    R[oidc_jwt_again_rps]=$(kv "$(run_wrk "$BROKER/v1/credentials" "$WORK/oidc-jwt.tokens" "$half" "$CONNECTIONS")" rps)
    log "  cbw_ padded by $pad bytes: ${R[oidc_padded_rps]} req/s; jwt again: ${R[oidc_jwt_again_rps]} req/s"
    for kind in cbw jwt; do # requests/s: the mean of its four passes (same length); p99: the worst; non-200: the sum
      R[oidc_${kind}_rps]=$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^rps=/) {sub(/^rps=/, "", $i); s += $i; n++}} END{if (n) printf "%.0f\n", s / n}' "$WORK/oidc-$kind.passes")
      R[oidc_${kind}_p99_ms]=$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^p99_ms=/) {sub(/^p99_ms=/, "", $i); if ($i + 0 > m) m = $i + 0}} END{print m}' "$WORK/oidc-$kind.passes")
      R[oidc_${kind}_non200]=$(awk '{for (i = 1; i <= NF; i++) if ($i ~ /^non200=/) {sub(/^non200=/, "", $i); s += $i}} END{print s + 0}' "$WORK/oidc-$kind.passes")
    done
  fi
  stop_pid "$OIDC_PID"
fi

if phase_enabled burst; then
  log "phase 3: cold burst, $BURST_WORKLOADS new workloads x $BURST_CLIENTS clients at once"
  # The first burst after start finds the miss path (STS client, issuance, async answer) interpreted: phase 1 only
  # warmed the cached path. Measured and shown, then BURST_WARMUP more issuances let the JIT compile it, as the
  # renewals of a broker that has run for a while do, before the measured burst on fresh workloads.
  : >"$WORK/first-burst.tokens"
  new_workloads first "$BURST_WORKLOADS" "$WORK/first-burst.tokens"
  line=$("${BURST[@]}" "$BROKER/v1/credentials" "$WORK/first-burst.tokens" "$BURST_CLIENTS" | grep '^BENCH ') ||
    die "burst client failed"
  log "  first burst after start: $line"
  for k in first_p50_ms first_max_ms first_non200 final_non200; do R[burst_firstrun_$k]=$(json_field "$k" <<<"${line#BENCH }"); done
  if ((BURST_WARMUP > 0)); then
    log "  miss-path warm-up: $BURST_WARMUP issuances for other new workloads"
    : >"$WORK/warmup.tokens"
    new_workloads warmup "$BURST_WARMUP" "$WORK/warmup.tokens"
    # In bursts of at most 1000 clients (one per workload), like the measured ones.
    rm -f "$WORK"/warmup.tokens.part-*
    split -l 1000 "$WORK/warmup.tokens" "$WORK/warmup.tokens.part-"
    for part in "$WORK"/warmup.tokens.part-*; do
      "${BURST[@]}" "$BROKER/v1/credentials" "$part" 1 >/dev/null || die "burst client failed"
    done
  fi
  # Measured: BURST_ROUNDS bursts, each on its own fresh workloads; the target holds only if every round meets it.
  : >"$WORK/burst-rounds.jsonl"
  R[burst_sts]=0
  if [[ -n ${BENCH_PROFILER:-} ]]; then # CPU profile of the measured rounds
    profiler_start || die "could not start the profiler ($BENCH_PROFILER)"
  fi
  for round in $(seq 1 "$BURST_ROUNDS"); do
    BURST_TOKENS="$WORK/burst-$round.tokens"
    : >"$BURST_TOKENS"
    new_workloads "burst$round" "$BURST_WORKLOADS" "$BURST_TOKENS"
    sleep 2 # background STS calls of the warm-up or the round before finish
    proxy POST reset >/dev/null
    broker_cpu0=$(cpu_ticks "$BROKER_PID")
    moto_cpu0=$(cpu_ticks "$MOTO_PID")
    line=$("${BURST[@]}" "$BROKER/v1/credentials" "$BURST_TOKENS" "$BURST_CLIENTS" | grep '^BENCH ') ||
      die "burst client failed"
    broker_cpu=$(cpu_seconds_since "$BROKER_PID" "$broker_cpu0")
    moto_cpu=$(cpu_seconds_since "$MOTO_PID" "$moto_cpu0")
    sleep 2 # background STS calls of timed-out requests finish
    sts=$(sts_count AssumeRole)
    R[burst_sts]=$((R[burst_sts] + sts))
    log "  round $round: $line; AssumeRole $sts; CPU broker $broker_cpu s, moto $moto_cpu s"
    python3 -c 'import json,sys; d=json.loads(sys.argv[1]); d.update(sts=int(sys.argv[2]), broker_cpu_s=float(sys.argv[3]), moto_cpu_s=float(sys.argv[4])); print(json.dumps(d))' \
      "${line#BENCH }" "$sts" "$broker_cpu" "$moto_cpu" >>"$WORK/burst-rounds.jsonl"
  done
  if [[ -n ${BENCH_PROFILER:-} ]]; then
    profiler_stop "$WORK/burst-profile.collapsed" || true
    log "  CPU profile of the measured rounds (collapsed stacks, per thread): $WORK/burst-profile.collapsed"
  fi
  # Over all rounds: the worst first answer, statuses summed; per round: p50/max and CPU.
  eval "$(python3 - "$WORK/burst-rounds.jsonl" <<'PY'
import json, sys
rounds = [json.loads(line) for line in open(sys.argv[1])]
statuses = {}
for r in rounds:
    for status, count in r["first_status"].items():
        statuses[status] = statuses.get(status, 0) + count
retry = [r["retry_to_200_max_ms"] for r in rounds if r["retry_to_200_max_ms"] is not None]
out = {
    "burst_first_max_ms": max(r["first_max_ms"] for r in rounds),
    "burst_first_non200": sum(r["first_non200"] for r in rounds),
    "burst_final_non200": sum(r["final_non200"] for r in rounds),
    "burst_retry_to_200_max_ms": max(retry) if retry else "",
    "burst_status": " ".join(f"{k}:{v}" for k, v in sorted(statuses.items())),
    "burst_rounds": "; ".join(f"p50 {r['first_p50_ms']:.0f} / p99 {r['first_p99_ms']:.0f} / max {r['first_max_ms']:.0f}"
                              for r in rounds),
    "burst_cpu": ", ".join(f"{r['broker_cpu_s']:.2f}" for r in rounds),
    "burst_moto_cpu": ", ".join(f"{r['moto_cpu_s']:.2f}" for r in rounds),
}
for key, value in out.items():
    print(f"R[{key}]='{value}'")
PY
)"
  # Server side: the slowest issuance (STS call, retries included) in the last two minutes.
  R[burst_issue_max_ms]=$(curl -fsS "$BROKER/actuator/metrics/credbroker.issuance.duration" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(next((round(m["value"] * 1000) for m in d["measurements"] if m["statistic"] == "MAX"), ""))' || true)
  # The same burst again, now that every workload is cached: what 1000 simultaneous new connections cost on this
  # machine with no STS call at all (the client's own overhead, accept queue, Tomcat).
  line=$("${BURST[@]}" "$BROKER/v1/credentials" "$BURST_TOKENS" "$BURST_CLIENTS" | grep '^BENCH ') ||
    die "burst client failed"
  log "  same burst, cached: $line"
  R[burst_cached_p50_ms]=$(json_field first_p50_ms <<<"${line#BENCH }")
  R[burst_cached_max_ms]=$(json_field first_max_ms <<<"${line#BENCH }")
  # Overload: three times the clients at once, more than credbroker.endpoint.max-waiting-requests (1000) may wait.
  # The rest must be answered 503 instead of waiting (not run the heap out), and every client get 200 on a retry.
  OVERLOAD_TOKENS="$WORK/overload.tokens"
  : >"$OVERLOAD_TOKENS"
  new_workloads overload $((3 * BURST_WORKLOADS)) "$OVERLOAD_TOKENS"
  sleep 2
  proxy POST reset >/dev/null
  line=$("${BURST[@]}" "$BROKER/v1/credentials" "$OVERLOAD_TOKENS" "$BURST_CLIENTS" | grep '^BENCH ') ||
    die "burst client failed"
  log "  overload burst: $line"
  for k in clients first_non200 first_non200_max_ms first_200_max_ms retry_to_200_max_ms final_non200; do
    R[overload_$k]=$(json_field "$k" <<<"${line#BENCH }")
  done
  R[overload_first_status]=$(python3 -c 'import json,sys; print(" ".join(f"{k}:{v}" for k, v in sorted(json.load(sys.stdin)["first_status"].items())))' <<<"${line#BENCH }")
  sleep 2
  R[overload_sts]=$(sts_count AssumeRole)
  kill -0 "$BROKER_PID" 2>/dev/null && R[overload_alive]=yes || R[overload_alive]=no
fi

R[rss_mb]=$(rss_mb "$MAIN_PID")
if [[ -n ${BENCH_NMT:-} ]]; then # run with BENCH_JVM_OPTS containing -XX:NativeMemoryTracking=summary
  jcmd "$MAIN_PID" VM.native_memory summary >"$WORK/nmt.txt" 2>&1 || true
  log "native memory summary: $WORK/nmt.txt"
fi
if [[ -n ${BENCH_PMAP:-} ]]; then # resident memory by mapping, largest first
  { cat "/proc/$MAIN_PID/smaps_rollup"; pmap -x "$MAIN_PID" | sort -k3 -n -r | head -25; } >"$WORK/pmap.txt" 2>&1 || true
  log "largest mappings: $WORK/pmap.txt"
fi
if [[ -n ${BENCH_HISTOGRAM:-} ]]; then # live objects by class (forces a full collection: after the RSS reading)
  jcmd "$MAIN_PID" GC.class_histogram >"$WORK/histogram.txt" 2>&1 || true
  log "class histogram: $WORK/histogram.txt"
fi
if [[ -n ${BENCH_HEAPDUMP:-} ]]; then # live objects, for a heap analyser (tens of MB)
  jcmd "$MAIN_PID" GC.heap_dump "$WORK/heap.hprof" >/dev/null 2>&1 || true
  log "heap dump: $WORK/heap.hprof"
fi
log "RSS of the broker after load: ${R[rss_mb]} MB"
if [[ $IDLE != 0 ]]; then # what the JVM keeps once the load is over (a collector may give memory back)
  sleep "$(seconds_of "$IDLE")"
  R[rss_idle_mb]=$(rss_mb "$MAIN_PID")
  log "RSS of the broker after $IDLE idle: ${R[rss_idle_mb]} MB"
  if [[ -n ${BENCH_NMT:-} ]]; then # the same summary once the load is over: what the bursts left behind
    jcmd "$MAIN_PID" VM.native_memory summary >"$WORK/nmt-idle.txt" 2>&1 || true
    log "native memory summary after $IDLE idle: $WORK/nmt-idle.txt"
  fi
  if [[ -n ${BENCH_PMAP:-} ]]; then
    { cat "/proc/$MAIN_PID/smaps_rollup"; pmap -x "$MAIN_PID" | sort -k3 -n -r | head -25; } >"$WORK/pmap-idle.txt" 2>&1 || true
  fi
fi

if phase_enabled outage; then
  outage_s=$(seconds_of "$OUTAGE")
  recovery_s=$(seconds_of "$RECOVERY")
  wrk_s=$(awk -v o="$outage_s" -v r="$recovery_s" 'BEGIN{printf "%d\n", o + r + 6}')
  log "phase 6: STS outage of ${outage_s}s under wrk -c$OUTAGE_CONNECTIONS on cached workloads (${wrk_s}s)"
  OUTAGE_TOKENS="$WORK/outage.tokens"
  : >"$OUTAGE_TOKENS"
  outage_threads=$THREADS
  ((outage_threads <= OUTAGE_CONNECTIONS)) || outage_threads=$OUTAGE_CONNECTIONS
  BENCH_TOKENS=$CACHED_TOKENS wrk -t"$outage_threads" -c"$OUTAGE_CONNECTIONS" -d"${wrk_s}s" --latency \
    -s "$HERE/credentials.lua" "$BROKER/v1/credentials" >"$WORK/outage-wrk.txt" 2>&1 &
  OUTAGE_WRK=$!
  PIDS+=("$OUTAGE_WRK")
  sleep 2
  proxy POST down >/dev/null
  t_down=$(now_ms)
  new_workloads outage 3 "$OUTAGE_TOKENS" # created during the outage: the admin API needs no STS
  # New workloads during the outage: right away (breaker still closed: STS retries hit the deadline), and
  # half-way through (breaker open: fails fast).
  sed -n 1p "$OUTAGE_TOKENS" >"$WORK/outage-early.tokens"
  early=$("${BURST[@]}" "$BROKER/v1/credentials" "$WORK/outage-early.tokens" 1 --no-retry | grep '^BENCH ')
  sleep "$(awk -v o="$outage_s" 'BEGIN{print o/2}')"
  sed -n 2p "$OUTAGE_TOKENS" >"$WORK/outage-mid.tokens"
  mid=$("${BURST[@]}" "$BROKER/v1/credentials" "$WORK/outage-mid.tokens" 5 --no-retry | grep '^BENCH ')
  rest=$(awk -v o="$outage_s" -v t="$(($(now_ms) - t_down))" 'BEGIN{r = o - t/1000; print (r > 0) ? r : 0}')
  sleep "$rest"
  proxy POST up >/dev/null
  t_up=$(now_ms)
  sed -n 3p "$OUTAGE_TOKENS" >"$WORK/outage-after.tokens"
  after=$("${BURST[@]}" "$BROKER/v1/credentials" "$WORK/outage-after.tokens" 1 \
    --retry-interval 0.2 --give-up "$recovery_s" | grep '^BENCH ')
  R[outage_len_s]=$(awk -v t="$((t_up - t_down))" 'BEGIN{printf "%.1f\n", t/1000}')
  R[outage_early_ms]=$(json_field first_max_ms <<<"${early#BENCH }")
  R[outage_early_status]=$(python3 -c 'import json,sys; print(" ".join(f"{k}:{v}" for k,v in json.load(sys.stdin)["first_status"].items()))' <<<"${early#BENCH }")
  R[outage_mid_p50_ms]=$(json_field first_p50_ms <<<"${mid#BENCH }")
  R[outage_mid_max_ms]=$(json_field first_max_ms <<<"${mid#BENCH }")
  R[outage_mid_status]=$(python3 -c 'import json,sys; print(" ".join(f"{k}:{v}" for k,v in json.load(sys.stdin)["first_status"].items()))' <<<"${mid#BENCH }")
  R[outage_recovery_ms]=$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["retry_to_200_max_ms"] if d["first_non200"] else d["first_max_ms"]) if d["final_non200"] == 0 else print("")' <<<"${after#BENCH }")
  wait "$OUTAGE_WRK" || true
  forget_pid "$OUTAGE_WRK"
  line=$(grep '^BENCH ' "$WORK/outage-wrk.txt") || die "background wrk failed: $(cat "$WORK/outage-wrk.txt")"
  log "  cached load during the outage: $line"
  log "  new workload at outage start: $early"
  log "  new workloads mid-outage: $mid"
  log "  new workload after recovery: $after"
  for k in rps requests non200 socket_errors p99_ms max_ms; do R[outage_wrk_$k]=$(kv "$line" "$k"); done
fi

if phase_enabled renewal; then
  stop_pid "$MAIN_PID"
  # Make 3600 s credentials look short-lived: fresh for 2*RENEW_EVERY seconds, renewal due after RENEW_EVERY.
  # (renew-before alone is not enough: renewal never starts before half-way to the fresh limit.)
  # min-duration 3600 s keeps the cache settings consistent (min-remaining must stay below it; checked at start).
  min_remaining=$((3600 - 2 * RENEW_EVERY))
  renew_before=$((3600 - RENEW_EVERY))
  log "phase 4: renewal under load (min-remaining ${min_remaining}s, renew-before ${renew_before}s, sweep 1s)"
  start_broker renewal --credbroker.cache.min-remaining="${min_remaining}s" \
    --credbroker.cache.renew-before="${renew_before}s" --credbroker.cache.renewal-sweep=1s \
    --credbroker.cache.renewal-retry=1s --credbroker.workloads.min-duration=3600s
  : >"$WORK/renewal.tokens"
  new_workloads renewal "$WORKLOADS" "$WORK/renewal.tokens"
  warm "$WORK/renewal.tokens"
  run_wrk "$BROKER/v1/credentials" "$WORK/renewal.tokens" "$WARMUP" "$CONNECTIONS" >/dev/null
  proxy POST reset >/dev/null
  line=$(run_wrk "$BROKER/v1/credentials" "$WORK/renewal.tokens" "$DURATION" "$CONNECTIONS")
  log "  $line"
  for k in rps p50_ms p99_ms p999_ms max_ms non200; do R[renewal_$k]=$(kv "$line" "$k"); done
  R[renewal_sts]=$(sts_count AssumeRole)
  stop_pid "$BROKER_PID"
fi

if phase_enabled starts; then
  # Every documented way to start the broker, each measured as phase 1 measures the image's flags: ready time, then
  # resident memory after the cached load. The README's java -jar line (plain jar, no class-data archive) and
  # ./mvnw spring-boot:run (JVM flags from the pom; RSS of the broker's JVM, not Maven's).
  [[ -n ${MAIN_PID:-} ]] && kill -0 "$MAIN_PID" 2>/dev/null && stop_pid "$MAIN_PID"
  for method in jar mvn; do
    log "phase 8: start method '$method', then the cached load (wrk -c$CONNECTIONS -d$DURATION after $WARMUP warm-up)"
    START_METHOD=$method start_broker "start-$method"
    R[${method}_ready_ms]=$READY_MS
    R[${method}_started_s]=$STARTED_S
    : >"$WORK/start-$method.tokens"
    new_workloads "start-$method" "$WORKLOADS" "$WORK/start-$method.tokens"
    warm "$WORK/start-$method.tokens"
    run_wrk "$BROKER/v1/credentials" "$WORK/start-$method.tokens" "$WARMUP" "$CONNECTIONS" >/dev/null
    line=$(run_wrk "$BROKER/v1/credentials" "$WORK/start-$method.tokens" "$DURATION" "$CONNECTIONS")
    log "  $line"
    for k in rps p99_ms; do R[${method}_$k]=$(kv "$line" "$k"); done
    R[${method}_rss_mb]=$(rss_mb "$BROKER_PID")
    log "  RSS of the broker's JVM after the cached load: ${R[${method}_rss_mb]} MB"
    START_METHOD=$method stop_broker
  done
fi

# -------------------------------------------------------------------------------------------------- summary

v() { echo "${R[$1]:-}"; }
ratio_nginx=$(ratio "$(v cached_rps)" "$(v nginx_rps)")
exact_ratio_nginx=$(exact_ratio "$(v cached_rps)" "$(v nginx_rps)")
ratio_renewal=$(ratio "$(v renewal_p999_ms)" "$(v cached_p999_ms)")
exact_ratio_renewal=$(exact_ratio "$(v renewal_p999_ms)" "$(v cached_p999_ms)")
ratio_oidc=$(ratio "$(v oidc_jwt_rps)" "$(v oidc_cbw_rps)")
exact_ratio_oidc=$(exact_ratio "$(v oidc_jwt_rps)" "$(v oidc_cbw_rps)")
ratio_oidc_p99=$(ratio "$(v oidc_jwt_p99_ms)" "$(v oidc_cbw_p99_ms)")
secs() { fmt "$(awk -v m="$1" 'BEGIN{ if (m != "") print m/1000 }')" 2; }
: >"$OUT/results.tsv"
row() { # phase figure target result; judged rows also go to results.tsv (BENCH_RUNS compares them)
  printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4"
  [[ -z $4 ]] || printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$OUT/results.tsv"
}
check() { # phase-key test... : MET/MISSED, or "not run"
  if [[ -z ${R[$1]:-} ]]; then echo "not run"; else shift; verdict "$("$@")"; fi
}
# p99 at 32 connections: the worst of phase 1 and the side-by-side passes that ran.
p99_worst=$(awk -v a="$(v cached_p99_ms)" -v b="$(v sbs_broker_p99_worst)" 'BEGIN{ if (a == "" && b == "") print ""; else print (b + 0 > a + 0) ? b : a }')
R[p99_worst]=$p99_worst
skipped_or() { # key-of-reason phase-key test... : "skipped (reason)" or check
  if [[ -n ${R[$1]:-} ]]; then echo "skipped (${R[$1]})"; else shift; check "$@"; fi
}
start_row() { # method label
  local m=$1
  row "8 start: $2" "ready $(secs "$(v "${m}_ready_ms")") s (log: Started in $(v "${m}_started_s") s); cached load $(fmt "$(v "${m}_rps")" 0) req/s, p99 $(fmt "$(v "${m}_p99_ms")" 2) ms; RSS $(v "${m}_rss_mb") MB after it" "RSS < 200 MB after the cached load" "$(check "${m}_rss_mb" lt "$(v "${m}_rss_mb")" 200)"
}

{
  echo "## Results ($(date -u +%Y-%m-%dT%H:%MZ), $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')${BENCH_RUN_INDEX:+, run $BENCH_RUN_INDEX of $RUNS})"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(free -h | awk '/Mem:/ {print $2}') RAM, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Burst client: $([[ ${BURST[*]} == *--engine* ]] && echo 'bench/burst.c (epoll)' || echo 'bench/burst.py (asyncio)'); class-data sharing: $([[ ${BENCH_CDS:-1} == 1 ]] && echo on || echo off)."
  echo "Load: wrk -t$THREADS -c$CONNECTIONS -d$DURATION (warm-up $WARMUP) over $WORKLOADS workload tokens; JVM: \`$JVM_OPTS\`, \`MALLOC_ARENA_MAX=$MALLOC_ARENAS\`${BROKER_ARGS:+; broker args: \`$BROKER_ARGS\`}."
  echo
  echo "| phase | figure | target | result |"
  echo "|---|---|---|---|"
  row "1 cached path" "$(fmt "$(v cached_rps)" 0) req/s; p50 $(fmt "$(v cached_p50_ms)" 2) / p99 $(fmt "$(v cached_p99_ms)" 2) / p99.9 $(fmt "$(v cached_p999_ms)" 2) ms" "p99 < 10 ms" "$(check cached_p99_ms lt "$(v cached_p99_ms)" 10)"
  row "1 cached path" "$(v cached_non200) non-200, $(v cached_socket_errors) socket errors, $(v cached_sts) STS calls" "0 errors" "$(check cached_non200 le "$(( ${R[cached_non200]:-1} + ${R[cached_socket_errors]:-1} ))" 0)"
  row "1/S cached p99 at $CONNECTIONS connections" "worst $(fmt "$p99_worst" 2) ms (phase 1: $(fmt "$(v cached_p99_ms)" 2) ms; side-by-side passes, worst: $(fmt "$(v sbs_broker_p99_worst)" 2) ms)" "< 3 ms" "$(check p99_worst lt "$p99_worst" 3)"
  row "2 nginx ceiling" "$(fmt "$(v nginx_rps)" 0) req/s; p50 $(fmt "$(v nginx_p50_ms)" 2) / p99 $(fmt "$(v nginx_p99_ms)" 2) / p99.9 $(fmt "$(v nginx_p999_ms)" 2) ms" "" ""
  row "1/2 broker ÷ nginx" "${ratio_nginx:-n/a}" "≥ 0.50 (the contract aims at 0.60)" "$(check nginx_rps ge "$exact_ratio_nginx" 0.5)"
  row "S side-by-side req/s" "$(v sbs_figure)" "broker > aws-vault in every pass" "$(skipped_or sbs_skipped sbs_passes ge "$(v sbs_rps_ok)" 1)"
  row "S side-by-side p99" "(same passes)" "broker < aws-vault in every pass" "$(skipped_or sbs_skipped sbs_passes ge "$(v sbs_p99_ok)" 1)"
  if [[ -n ${R[oidc_skipped]:-} ]]; then
    row "7 OIDC cached path" "—" "JWT req/s ≥ 0.90 × cbw_, no errors" "skipped (${R[oidc_skipped]})"
  elif [[ -n ${R[oidc_error]:-} ]]; then
    row "7 OIDC cached path" "$(v oidc_error)" "JWT req/s within 10 % of cbw_" "MISSED"
  else
    row "7 OIDC cached path" "JWT $(fmt "$(v oidc_jwt_rps)" 0) req/s, p99 $(fmt "$(v oidc_jwt_p99_ms)" 2) ms; cbw_ token $(fmt "$(v oidc_cbw_rps)" 0) req/s, p99 $(fmt "$(v oidc_cbw_p99_ms)" 2) ms (req/s ×${ratio_oidc:-n/a}, p99 ×${ratio_oidc_p99:-n/a}); non-200 $(v oidc_jwt_non200) / $(v oidc_cbw_non200); not judged: cbw_ padded to the JWT's request length $(fmt "$(v oidc_padded_rps)" 0) req/s, JWT again $(fmt "$(v oidc_jwt_again_rps)" 0) req/s (×$(ratio "$(v oidc_jwt_again_rps)" "$(v oidc_padded_rps)"))" "JWT req/s ≥ 0.90 × cbw_, no errors" "$(skipped_or oidc_skipped oidc_jwt_rps ge "$(awk -v r="$exact_ratio_oidc" -v a="$(v oidc_jwt_non200)" -v b="$(v oidc_cbw_non200)" 'BEGIN{print (r != "" && r >= 0.9 && a == 0 && b == 0) ? 1 : 0}')" 1)"
  fi
  row "3 cold burst STS calls" "$(v burst_sts) AssumeRole for $BURST_ROUNDS × $BURST_WORKLOADS new workloads × $BURST_CLIENTS clients" "exactly $((BURST_ROUNDS * BURST_WORKLOADS))" "$(check burst_sts le "$(awk -v a="$(v burst_sts)" -v b="$((BURST_ROUNDS * BURST_WORKLOADS))" 'BEGIN{print (a==b)?0:1}')" 0)"
  row "3 cold burst latency" "first answer, $BURST_ROUNDS rounds: $(v burst_rounds) ms; statuses $(v burst_status); slowest issuance in the broker (last 2 min) $(v burst_issue_max_ms) ms" "no client waits > ${DEADLINE_MS} ms (+50 ms slack) in any round" "$(check burst_first_max_ms le "$(v burst_first_max_ms)" $((DEADLINE_MS + 50)))"
  row "3 first burst after start" "first answer p50 $(fmt "$(v burst_firstrun_first_p50_ms)" 0) / max $(fmt "$(v burst_firstrun_first_max_ms)" 0) ms, $(v burst_firstrun_first_non200) answered 503 first, $(v burst_firstrun_final_non200) never got 200: the first miss burst after start (only the start-up warm-up ran the miss path before)" "no client waits > ${DEADLINE_MS} ms (+50 ms slack), as in later rounds" "$(check burst_firstrun_first_max_ms le "$(v burst_firstrun_first_max_ms)" $((DEADLINE_MS + 50)))"
  row "3 same burst, cached" "first answer p50 $(fmt "$(v burst_cached_p50_ms)" 0) / max $(fmt "$(v burst_cached_max_ms)" 0) ms: the same $((BURST_WORKLOADS * BURST_CLIENTS)) new connections once every workload is cached; CPU per cold round: broker $(v burst_cpu) s, moto $(v burst_moto_cpu) s" "" ""
  row "3 overload burst" "$(v overload_clients) clients at once ($((3 * BURST_WORKLOADS)) new workloads × $BURST_CLIENTS): first answers $(v overload_first_status); the 503s within $(fmt "$(v overload_first_non200_max_ms)" 0) ms, the 200s within $(fmt "$(v overload_first_200_max_ms)" 0) ms; retry to 200 max $(fmt "$(v overload_retry_to_200_max_ms)" 0) ms; $(v overload_final_non200) never got 200; $(v overload_sts) AssumeRole; broker alive: $(v overload_alive)" "past 1000 waiting: 503 instead of waiting, all get 200 on retry, one STS call per workload, broker alive" "$(check overload_final_non200 le "$(awk -v f="$(v overload_final_non200)" -v s="$(v overload_sts)" -v w=$((3 * BURST_WORKLOADS)) -v a="$(v overload_alive)" 'BEGIN{print (f == 0 && s == w && a == "yes") ? 0 : 1}')" 0)"
  row "3 cold burst retries" "$(v burst_first_non200) got 503 first; retry to 200 max $(fmt "$(v burst_retry_to_200_max_ms)" 0) ms; $(v burst_final_non200) never got 200" "all get 200" "$(check burst_final_non200 le "$(v burst_final_non200)" 0)"
  row "4 renewal under load" "p99.9 $(fmt "$(v renewal_p999_ms)" 2) ms vs $(fmt "$(v cached_p999_ms)" 2) without (×${ratio_renewal:-n/a}); $(fmt "$(v renewal_rps)" 0) req/s; $(v renewal_sts) AssumeRole during the run; $(v renewal_non200) non-200" "p99.9 within 2×, renewals > 0" "$(check renewal_p999_ms le "$(awk -v r="$exact_ratio_renewal" -v s="$(v renewal_sts)" -v e="$(v renewal_non200)" 'BEGIN{print (r != "" && r <= 2 && s > 0 && e == 0) ? 0 : 1}')" 0)"
  row "5 ready" "$(secs "$(v ready_ms)") s JVM start → readiness UP, start-up warm-up included (log: Started in $(v started_s) s)" "< 5 s" "$(check ready_ms lt "$(v ready_ms)" 5000)"
  row "5 memory, cached load (image's flags)" "RSS $(v rss_cached_mb) MB after phase 1 (wrk -c$CONNECTIONS on cached workloads)" "< 200 MB" "$(check rss_cached_mb lt "$(v rss_cached_mb)" 200)"
  rss_after_bursts=${R[rss_idle_mb]:-${R[rss_mb]:-}} # judged once the load is over (right after it with BENCH_IDLE=0)
  idle_figure="RSS $(v rss_idle_mb) MB after $IDLE idle once the bursts were over; "
  [[ $IDLE != 0 ]] || idle_figure="(no idle reading: BENCH_IDLE=0) "
  row "5 memory, after bursts" "${idle_figure}$(v rss_mb) MB right after phase 3 (bursts of 1000 and 3000 new connections), before the broker gave back the heap they grew" "< 300 MB once the load is over" "$(check rss_mb lt "$rss_after_bursts" 300)"
  row "6 outage: cached" "$(v outage_wrk_non200) non-200 / $(v outage_wrk_socket_errors) socket errors of $(v outage_wrk_requests) requests ($(fmt "$(v outage_wrk_rps)" 0) req/s, max $(fmt "$(v outage_wrk_max_ms)" 0) ms) across a $(v outage_len_s) s outage" "0 non-200" "$(check outage_wrk_requests le "$(( ${R[outage_wrk_non200]:-1} + ${R[outage_wrk_socket_errors]:-1} ))" 0)"
  row "6 outage: new workload" "at outage start $(fmt "$(v outage_early_ms)" 0) ms ($(v outage_early_status)); mid-outage p50 $(fmt "$(v outage_mid_p50_ms)" 0) / max $(fmt "$(v outage_mid_max_ms)" 0) ms ($(v outage_mid_status))" "503 within ${DEADLINE_MS} ms" "$(check outage_mid_max_ms le "$(awk -v a="$(v outage_early_ms)" -v b="$(v outage_mid_max_ms)" -v s="$(v outage_early_status) $(v outage_mid_status)" -v d=$((DEADLINE_MS + 50)) 'BEGIN{print (a <= d && b <= d && s !~ /200/) ? 0 : 1}')" 0)"
  row "6 outage: recovery" "new workload got 200 $(secs "$(v outage_recovery_ms)") s after STS came back" "within a few seconds (≤ 15 s: breaker wait 10 s)" "$(check outage_recovery_ms le "$(v outage_recovery_ms)" 15000)"
  start_row jar "README's java -jar line"
  start_row mvn "./mvnw spring-boot:run"
  if [[ -s $WORK/sbs.txt ]]; then
    echo
    echo "Side by side (\`side_by_side.sh\` from BENCH_PEERS, same machine, same run):"
    echo
    echo '```'
    cat "$WORK/sbs.txt"
    echo '```'
  fi
} >"$OUT/results.md"

echo
cat "$OUT/results.md"
while IFS=$'\t' read -r phase _ target result; do
  log "$result: $phase: $target"
done <"$OUT/results.tsv"
log "written: $OUT/results.md (raw wrk output: $WORK/wrk-all.txt)"
