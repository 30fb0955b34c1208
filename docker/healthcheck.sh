#!/usr/bin/env bash
# Container health check without curl or wget in the image: an HTTP/1.0 GET over bash's /dev/tcp.
#   sweepgrid-healthcheck [path]    (default /health; the port is the first of $ASPNETCORE_HTTP_PORTS)
# Exit 0 when the silo answers 200, 1 otherwise.
set -euo pipefail
path="${1:-/health}"
ports="${ASPNETCORE_HTTP_PORTS:-8080}"
port="${ports%%[,;]*}"
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || exit 1
exec 3<&-
case "$status" in
  "HTTP/"*" 200 "*) exit 0 ;;
  *) echo "sweepgrid-healthcheck: GET $path answered: ${status%$'\r'}" >&2; exit 1 ;;
esac
