#!/usr/bin/env bash
# Mirrors grafana/dashboards/*.json (what docker-compose's Grafana provisions) into k8s/monitoring/dashboards/
# and lists them in k8s/monitoring's configMapGenerator. kustomize only reads files below its own
# directory, so the Kubernetes dashboards ConfigMap needs copies; the deployment tests fail when they drift.
# With no dashboards in grafana/dashboards yet, nothing changes.
set -euo pipefail
cd "$(dirname "$0")/.."
src=grafana/dashboards
dst=k8s/monitoring/dashboards
kustomization=k8s/monitoring/kustomization.yaml

shopt -s nullglob
sources=("$src"/*.json)
if [ ${#sources[@]} -eq 0 ]; then
  echo "sync-k8s-dashboards: no $src/*.json; $dst left as it is" >&2
  exit 0
fi

rm -f "$dst"/*.json
cp "${sources[@]}" "$dst"/

# Replace the generator's file list (the "      - dashboards/..." lines under "    files:").
entries=$(for f in "${sources[@]}"; do printf '      - dashboards/%s\n' "$(basename "$f")"; done)
awk -v entries="$entries" '
  /^      - dashboards\// { next }
  { print }
  /^    files:$/ { print entries }
' "$kustomization" > "$kustomization.tmp"
mv "$kustomization.tmp" "$kustomization"
echo "sync-k8s-dashboards: $dst now mirrors $src (${#sources[@]} dashboards)" >&2
