#!/usr/bin/env bash
# Deploys the Parley CDK app onto a running LocalStack (docker compose up -d) with cdklocal.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
endpoint="${AWS_ENDPOINT_URL:-http://localhost:4566}"

if ! curl -fsS "$endpoint/_localstack/health" >/dev/null; then
  echo "LocalStack is not answering at $endpoint; start it with: docker compose -f $here/docker-compose.yml up -d" >&2
  exit 1
fi

# cdklocal and the CDK CLI, installed next to this script rather than globally.
if [[ ! -x "$here/node_modules/.bin/cdklocal" ]]; then
  npm --prefix "$here" install --no-audit --no-fund aws-cdk-local@^3 aws-cdk@^2
fi

"$root/parley" build

export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
export AWS_ENDPOINT_URL="$endpoint"

cd "$root/infra-cdk"
"$here/node_modules/.bin/cdklocal" bootstrap
"$here/node_modules/.bin/cdklocal" deploy --all --require-approval never --outputs-file "$here/outputs.json" "$@"
echo "Outputs written to $here/outputs.json"
