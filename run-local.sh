#!/usr/bin/env bash
# Runs LeadFunctions locally: Azurite (storage) and maildev (SMTP sink) from the pinned package.json, then the
# local host at http://localhost:7071/api/... . Ctrl+C stops all three.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x node_modules/.bin/azurite ] || [ ! -x node_modules/.bin/maildev ]; then
  npm ci --no-audit --no-fund
fi
if [ ! -f local.settings.json ]; then
  cp local.settings.sample.json local.settings.json
  echo "Created local.settings.json from local.settings.sample.json"
fi

mkdir -p .azurite
node_modules/.bin/azurite --silent --location .azurite --skipApiVersionCheck \
  --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 &
node_modules/.bin/maildev --ip 127.0.0.1 --web-ip 127.0.0.1 --smtp 1025 --web 1080 --silent &
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT INT TERM

echo "Azurite on 127.0.0.1:10000-10002, maildev inbox at http://127.0.0.1:1080"
dotnet run --project src/LeadFunctions.LocalHost
