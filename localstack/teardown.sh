#!/usr/bin/env bash
# Removes what deploy.sh created: the stateless stack, then the stateful one. Tables and the bucket are
# retained by design on AWS; on LocalStack they go with the container (docker compose down).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
export AWS_ENDPOINT_URL="${AWS_ENDPOINT_URL:-http://localhost:4566}"

if [[ ! -x "$here/node_modules/.bin/cdklocal" ]]; then
  echo "nothing to tear down: deploy.sh was never run here" >&2
  exit 0
fi

cd "$root/infra-cdk"
"$here/node_modules/.bin/cdklocal" destroy --all --force
rm -f "$here/outputs.json"
echo "Stacks destroyed. Stop LocalStack with: docker compose -f $here/docker-compose.yml down"
