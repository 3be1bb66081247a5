#!/usr/bin/env bash
# `npm run test:proxy`: the caching proxy of deploy/ without Docker. Debian's nginx runs
# deploy/nginx/nginx.conf (the file Compose mounts) as an unprivileged foreground process in a
# temporary folder, in front of two server processes on loopback, and the script checks that
#   (a) requests keep being answered while one replica is killed (SIGKILL) and restarted,
#   (b) a repeated GET is a cache HIT, and an expired one is REVALIDATED with a 304 from a replica,
#   (c) JSON, CSV and NDJSON of one URL are stored apart,
#   (d) a new dataset version shows through the proxy within the validity window,
#   (e) errors are not cached.
# Only 127.0.0.1, every loop bounded in count and time, everything it started ended on exit.
# Prints one line per check and ends with "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2
root=$PWD

NGINX=${NGINX:-/usr/sbin/nginx}
if [ ! -x "$NGINX" ]; then
  echo "proxy-test: no nginx at $NGINX. Install Debian's package first:  apt-get install -y nginx" >&2
  echo "(or point NGINX at an nginx binary, 1.19.5 or later)" >&2
  exit 2
fi
for tool in curl node; do
  command -v "$tool" >/dev/null || { echo "proxy-test: $tool is required" >&2; exit 2; }
done

conf_src=$root/deploy/nginx/nginx.conf
# The proxy's validity window, read from the config so that the test follows it.
window=$(sed -nE 's/^\s*proxy_cache_valid\s+200\s+([0-9]+)s;.*/\1/p' "$conf_src" | head -n 1)
[ -n "$window" ] || { echo "proxy-test: no 'proxy_cache_valid 200 <N>s' in $conf_src" >&2; exit 2; }

started_at=$(date +%s%N)
ms_since () { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

tmp=$(mktemp -d -t campaign-facts-proxy.XXXXXX)
declare -A server_pid=()
nginx_pid=
load_pid=
watchdog_pid=

stop_pid () { # pid seconds: SIGTERM, then SIGKILL if it has not exited in time
  local pid=$1 limit=$2 i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < limit * 10; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

cleanup () {
  trap - EXIT INT TERM
  # The load loop's curl first (by its parent's pid), then the loop itself.
  [ -n "$load_pid" ] && { pkill -TERM -P "$load_pid" 2>/dev/null; stop_pid "$load_pid" 2; }
  for name in "${!server_pid[@]}"; do stop_pid "${server_pid[$name]}" 12; done
  # nginx's workers leave with the master on SIGTERM (a SIGKILLed master would orphan them).
  [ -n "$nginx_pid" ] && stop_pid "$nginx_pid" 5
  [ -n "$watchdog_pid" ] && { kill "$watchdog_pid" 2>/dev/null; wait "$watchdog_pid" 2>/dev/null; }
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'echo "proxy-test: interrupted" >&2; exit 130' INT TERM

# The whole run is bounded: a hung step ends the script (and the trap cleans up).
# Its sleep is ended with it (the trap), so that nothing outlives the script.
(
  trap 'kill "$sleep_pid" 2>/dev/null; exit 0' TERM
  sleep "${PROXY_TEST_TIMEOUT:-300}" & sleep_pid=$!
  wait "$sleep_pid" && { echo "proxy-test: timed out" >&2; kill -TERM $$; }
) &
watchdog_pid=$!

passed=0
failed=0
check () { # description condition-exit-code [detail]
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "ok - $1${3:+ ($3)}"
  else failed=$((failed + 1)); echo "not ok - $1${3:+ ($3)}"; fi
}
fatal () { echo "proxy-test: $*" >&2; exit 1; }

free_port () {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# ---- build the app and the two databases
t=$(date +%s%N)
npm run -s build >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; fatal "npm run build failed"; }
echo "# built the app in $(ms_since "$t") ms"

t=$(date +%s%N)
node dist/seed/cli.js --db "$tmp/a.db" >"$tmp/seed-a.log" 2>&1 || { cat "$tmp/seed-a.log"; fatal "building the database failed"; }
version_a=$(sed -nE 's/.*\(dataset ([0-9a-f]+):.*/\1/p' "$tmp/seed-a.log")
# The second dataset: a copy of seed/ with one note changed, as a curator's edit would be.
cp -R seed "$tmp/seed-b"
note_file=$tmp/seed-b/facts/first-batch-results-2021.yaml
# The figure whose note is changed: the one the first plain (one-line) note belongs to.
note_line=$(grep -n -m 1 -E '^    note: [^>|]' "$note_file" | cut -d: -f1)
changed_id=$(head -n "${note_line:-0}" "$note_file" | sed -nE 's/^  - id: "?([^"]*)"?$/\1/p' | tail -n 1)
[ -n "$changed_id" ] || fatal "no figure with a one-line note in $note_file"
sed -i -E '0,/^    note: [^>|]/s/^(    note: [^>|].*)$/\1 Revised./' "$note_file"
cmp -s "$note_file" seed/facts/first-batch-results-2021.yaml && fatal "the seed copy was not changed"
node dist/seed/cli.js --seed "$tmp/seed-b" --db "$tmp/b.db" >"$tmp/seed-b.log" 2>&1 || { cat "$tmp/seed-b.log"; fatal "building the second database failed"; }
version_b=$(sed -nE 's/.*\(dataset ([0-9a-f]+):.*/\1/p' "$tmp/seed-b.log")
if [ -z "$version_a" ] || [ -z "$version_b" ] || [ "$version_a" = "$version_b" ]; then
  fatal "expected two dataset versions, got '$version_a' and '$version_b'"
fi
echo "# built databases $version_a and $version_b (one note changed) in $(ms_since "$t") ms"

# ---- two replicas on loopback
port_a=$(free_port); port_b=$(free_port); port_proxy=$(free_port)
declare -A server_port=([a]=$port_a [b]=$port_b)

start_server () { # name database
  # RATE_LIMIT_MAX=0: per-client rate limiting off, since every request here comes from one client.
  RATE_LIMIT_MAX=0 TRUST_PROXY=true NODE_ENV=production HOST=127.0.0.1 PORT="${server_port[$1]}" \
    DATABASE_PATH="$2" REBUILD_DATABASE=never LOG_LEVEL=info \
    node --max-semi-space-size=8 dist/bundle/server.js >>"$tmp/server-$1.log" 2>&1 &
  server_pid[$1]=$!
}
wait_ready () { # name: up to 20 s for /ready
  local i
  for ((i = 0; i < 100; i++)); do
    curl -sf --max-time 1 -o /dev/null "http://127.0.0.1:${server_port[$1]}/ready" && return 0
    kill -0 "${server_pid[$1]}" 2>/dev/null || { tail -n 20 "$tmp/server-$1.log" >&2; return 1; }
    sleep 0.2
  done
  return 1
}

t=$(date +%s%N)
start_server a "$tmp/a.db"; start_server b "$tmp/a.db"
{ wait_ready a && wait_ready b; } || fatal "the servers did not become ready"
echo "# two servers ready on 127.0.0.1:$port_a and 127.0.0.1:$port_b in $(ms_since "$t") ms"

# ---- nginx with the deployment's configuration
# The conf folder holds an unchanged copy of deploy/nginx/nginx.conf (includes are read from the
# main file's folder) beside this run's servers.conf and listen.conf.
mkdir -p "$tmp/nginx/conf" "$tmp/nginx/prefix"
cp "$conf_src" "$tmp/nginx/conf/nginx.conf"
cat >"$tmp/nginx/conf/servers.conf" <<EOF
server 127.0.0.1:$port_a max_fails=1 fail_timeout=2s;
server 127.0.0.1:$port_b max_fails=1 fail_timeout=2s;
EOF
echo "listen 127.0.0.1:$port_proxy;" >"$tmp/nginx/conf/listen.conf"
access_log=$tmp/nginx/access.log
: >"$access_log"
run_nginx=("$NGINX")
if [ "$(id -u)" -eq 0 ]; then
  # Not as root: a root master would hand its workers to another user anyway. Run the whole
  # process as nobody, owning only its own folder.
  command -v setpriv >/dev/null || fatal "running as root needs setpriv (util-linux) to drop to nobody"
  chmod 755 "$tmp" "$tmp/nginx" "$tmp/nginx/conf"
  chown -R nobody "$tmp/nginx/prefix" "$access_log"
  run_nginx=(setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$NGINX")
fi
nginx_args=(-p "$tmp/nginx/prefix/" -c "$tmp/nginx/conf/nginx.conf" -e stderr)
"${run_nginx[@]}" "${nginx_args[@]}" -t -q >>"$access_log" 2>"$tmp/nginx/test.log"
check "nginx accepts deploy/nginx/nginx.conf" $? "$(tr '\n' ' ' <"$tmp/nginx/test.log")"
[ "$failed" -eq 0 ] || exit 1
"${run_nginx[@]}" "${nginx_args[@]}" >>"$access_log" 2>"$tmp/nginx/error.log" &
nginx_pid=$!
proxy=http://127.0.0.1:$port_proxy
for ((i = 0; i < 50; i++)); do curl -sf --max-time 1 -o /dev/null "$proxy/ready" && break; sleep 0.1; done
curl -sf --max-time 1 -o /dev/null "$proxy/ready" || { cat "$tmp/nginx/error.log" >&2; fatal "nginx did not start"; }
echo "# nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///') on 127.0.0.1:$port_proxy, validity window ${window} s"

# One request through the proxy; sets status, cache, etag, ctype, reqid and body.
request () { # path [curl args...]
  local path=$1; shift
  local out
  out=$(curl -s --max-time 5 -D "$tmp/headers" -o "$tmp/body" -w '%{http_code}' "$@" "$proxy$path") || out=000
  status=$out
  header () { sed -nE "s/^$1: ([^\r]*)\r?$/\1/Ip" "$tmp/headers" | head -n 1; }
  cache=$(header x-cache-status); etag=$(header etag); ctype=$(header content-type)
  reqid=$(header x-request-id); cc=$(header cache-control)
  body=$(cat "$tmp/body")
}
json_field () { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{try{console.log(JSON.parse(s)$1)}catch{console.log('')}})" <<<"$body"; }

# ---- (a) a replica killed and restarted under load
t=$(date +%s%N)
load_stop=$tmp/load.stop
load_out=$tmp/load.out
: >"$load_out"
# Distinct URLs, so that every request goes through to a replica (a MISS) rather than to the store;
# ten per curl call over one kept-alive connection; at most 6,000 requests or 30 s.
(
  SECONDS=0
  for ((n = 0; n < 600; n++)); do
    [ -e "$load_stop" ] || ((SECONDS >= 30)) && break
    urls=()
    for ((k = 0; k < 10; k++)); do
      i=$((n * 10 + k))
      case $((i % 3)) in
        0) urls+=(-o /dev/null "$proxy/v1/regions?limit=$((i / 3 % 1000 + 1))") ;;
        1) urls+=(-o /dev/null "$proxy/v1/indicators?limit=$((i / 3 % 1000 + 1))") ;;
        2) urls+=(-o /dev/null "$proxy/v1/organs?limit=$((i / 3 % 1000 + 1))") ;;
      esac
    done
    curl -s --max-time 10 -w '%{http_code} %header{x-cache-status}\n' "${urls[@]}" >>"$load_out" \
      || echo "000 curl-error" >>"$load_out"
  done
) &
load_pid=$!
sleep 1
kill -KILL "${server_pid[a]}"; wait "${server_pid[a]}" 2>/dev/null
killed_at_line=$(wc -l <"$access_log")
sleep 2
start_server a "$tmp/a.db"
wait_ready a || fatal "server a did not restart"
restarted_at_line=$(wc -l <"$access_log")
# Back in rotation once fail_timeout (2 s here) has passed: wait (up to 10 s) for it to serve one.
back=1
for ((i = 0; i < 50; i++)); do
  tail -n +"$((restarted_at_line + 1))" "$access_log" | grep -q "\"upstream\":\"127.0.0.1:$port_a\"" && { back=0; break; }
  sleep 0.2
done
touch "$load_stop"
wait "$load_pid"; load_pid=
total=$(wc -l <"$load_out")
bad=$(awk '$1 !~ /^2/' "$load_out" | wc -l)
retried=$(tail -n +"$((killed_at_line + 1))" "$access_log" | head -n "$((restarted_at_line - killed_at_line))" | grep -c '"upstream":"[^"]*, ')
check "(a) requests are answered while a replica is killed and restarted" $(( total > 100 && bad == 0 ? 0 : 1 )) \
  "$total requests, $bad not 2xx, $retried retried on the other replica, $(ms_since "$t") ms"
check "(a) the restarted replica is back in rotation" $back

# ---- (b) cache HIT, client revalidation, proxy revalidation
t=$(date +%s%N)
path='/v1/regions?level=province&limit=5'
request "$path" -H 'X-Request-Id: proxy-test-b1'
first=$cache; first_etag=$etag
request "$path"
check "(b) a first GET is a MISS, the same GET again a HIT" "$([ "$first" = MISS ] && [ "$cache" = HIT ] && [ "$etag" = "$first_etag" ]; echo $?)" "$first then $cache, ETag $etag"
sleep 0.3
grep -q '"reqId":"proxy-test-b1"' "$tmp"/server-*.log; in_log=$?
request "$path" -H 'X-Request-Id: proxy-test-b2'
check "(b) the client's X-Request-Id reaches the replica's log and comes back" "$([ "$in_log" -eq 0 ] && [ "$reqid" = proxy-test-b2 ]; echo $?)"
request "$path" -H "If-None-Match: $first_etag"
check "(b) If-None-Match with the current ETag is a 304 from the store" "$([ "$status" = 304 ] && [ "$cache" = HIT ]; echo $?)" "$status $cache"
sleep "$((window + 1))"
request "$path"
revalidated=$cache
line=$(grep -F "\"uri\":\"$path\"" "$access_log" | tail -n 1)
request "$path"
check "(b) after ${window} s the entry is REVALIDATED (the replica answers 304), then a HIT again" \
  "$([ "$revalidated" = REVALIDATED ] && [[ $line == *'"upstreamStatus":"304"'* ]] && [ "$cache" = HIT ]; echo $?)" "$revalidated, upstream $(sed -nE 's/.*"upstreamStatus":"([^"]*)".*/\1/p' <<<"$line"), then $cache; $(ms_since "$t") ms"

# ---- (c) one URL, three representations
t=$(date +%s%N)
path='/v1/regions?level=province&limit=3'
ok=0; seen=()
for round in 1 2; do
  for accept in text/csv application/json application/x-ndjson; do
    request "$path" -H "Accept: $accept"
    seen+=("$accept:$cache")
    expect=$([ "$round" = 1 ] && echo MISS || echo HIT)
    case $accept in
      text/csv) [[ $ctype == text/csv* && ($body == code,* || $body == '"code",'*) ]] || ok=1 ;;
      application/json) [[ $ctype == application/json* && $body == '{'* ]] || ok=1 ;;
      application/x-ndjson) [[ $ctype == application/x-ndjson* && $body == '{"code"'* && $body != *'"items"'* ]] || ok=1 ;;
    esac
    [ "$status" = 200 ] && [ "$cache" = "$expect" ] || ok=1
  done
done
check "(c) CSV, JSON and NDJSON of one URL are cached apart, each answered in its own format" $ok "${seen[*]}; $(ms_since "$t") ms"

# ---- (d) a new dataset version
t=$(date +%s%N)
request /v1
old_etag=$etag
old_version=$(json_field .version)
request /v1
check "(d) before: /v1 shows $version_a and is cached" "$([ "$old_version" = "$version_a" ] && [[ $old_etag == \"$version_a-* ]] && [ "$cache" = HIT ]; echo $?)" "$cache, ETag $old_etag"
# A rolling restart onto the new database, one replica at a time.
for name in a b; do
  stop_pid "${server_pid[$name]}" 12
  start_server "$name" "$tmp/b.db"
  wait_ready "$name" || fatal "server $name did not start on the new database"
done
switched=$(date +%s%N)
request /v1
echo "# both replicas on $version_b after $(ms_since "$t") ms; right after, the proxy answers version $(json_field .version) ($cache)"
new_after=
for ((i = 0; i < (window + 5) * 5; i++)); do
  request /v1
  if [ "$(json_field .version)" = "$version_b" ] && [[ $etag == \"$version_b-* ]]; then new_after=$(ms_since "$switched"); break; fi
  sleep 0.2
done
# nginx counts validity in whole seconds, so an entry lives between ${window} and ${window} + 1 s.
check "(d) the proxy serves the new version and ETag within the ${window} s window" \
  "$([ -n "$new_after" ] && [ "$new_after" -le $(( (window + 1) * 1000 + 500 )) ]; echo $?)" "${new_after:-never} ms after the switch, $cache, ETag $etag"
request /v1 -H "If-None-Match: $old_etag"
check "(d) a client revalidating with the old ETag gets 200 and the new ETag" "$([ "$status" = 200 ] && [[ $etag == \"$version_b-* ]]; echo $?)" "$status $cache"
request "/v1/indicators/$changed_id"
check "(d) the changed note of $changed_id is served" "$([ "$status" = 200 ] && [[ $body == *Revised.* ]]; echo $?)" "$status $cache"

# ---- (e) errors are not stored
t=$(date +%s%N)
ok=0; seen=()
for path in /v1/no-such-route '/v1/regions?limit=0' /v1/regions/999999; do
  for round in 1 2; do
    request "$path"
    seen+=("$status:$cache")
    [[ $status == 4* && $cache != HIT && $cc == no-store ]] || ok=1
  done
  [ "$(grep -cF "\"uri\":\"$path\"" "$access_log")" -ge 2 ] || ok=1
done
check "(e) 404 and 400 answers are not cached (each repeat reaches a replica)" $ok "${seen[*]}; $(ms_since "$t") ms"

grep -E '\[(alert|emerg|crit)\]' "$tmp/nginx/error.log" >&2
echo "# total $(ms_since "$started_at") ms"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
