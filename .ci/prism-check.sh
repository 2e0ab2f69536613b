#!/usr/bin/env bash
# `make prism-check`: starts a Prism mock of the merged document on a free port of 127.0.0.1, sends every example's
# requests to it, and ends the mock. The mock runs in a process group of its own, and only that group is ended, so
# another Prism on this machine (another checkout's, another user's) is left alone.
#
# Environment: PRISM (the command that starts Prism), PRISM_EXAMPLES (the examples to run), GO, and PRISM_PORT to
# use a given port instead of a free one.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PRISM:?}" "${GO:=go}"
log=.prism.log

# free_port prints a port of 127.0.0.1 nothing listens on: a connection to it is refused.
free_port() {
	local port
	for _ in $(seq 100); do
		port=$((20000 + RANDOM % 40000))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return 0
		fi
	done
	echo "prism-check: no free port found" >&2
	return 1
}

port=${PRISM_PORT:-$(free_port)}
echo "== Prism mock of generated/openapi.yaml on 127.0.0.1:$port (log: $log)"

# With job control on, the background job is the leader of a new process group whose id is its pid.
set -m
# shellcheck disable=SC2086 # PRISM is a command line
$PRISM mock generated/openapi.yaml -h 127.0.0.1 -p "$port" > "$log" 2>&1 &
group=$!
set +m

stop() {
	kill -TERM -- "-$group" 2>/dev/null || return 0
	for _ in $(seq 50); do
		kill -0 -- "-$group" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -KILL -- "-$group" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

ready=false
for _ in $(seq 480); do # two minutes
	if ! kill -0 "$group" 2>/dev/null; then
		break
	fi
	if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
		ready=true
		break
	fi
	sleep 0.25
done
if ! $ready; then
	echo "prism-check: Prism did not listen on port $port" >&2
	tail -20 "$log" >&2
	exit 1
fi

for e in ${PRISM_EXAMPLES-}; do
	echo "== examples/$e against Prism"
	CHATT2ME_BASE_URL="http://127.0.0.1:$port" CHATT2ME_API_KEY=prism-api-key-0001 CHATT2ME_WEBHOOK_URL=https://hooks.example.com/chatt2me \
		"$GO" run "./examples/$e" || { tail -20 "$log"; exit 1; }
done
