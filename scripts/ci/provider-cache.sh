#!/usr/bin/env bash
# Fills a provider mirror (unpacked layout) with hashicorp/aws 5.100.0 through Terraform's plugin cache, for
# runners that can reach the registry. Prints the directory to use as TF_PLUGIN_DIR.
set -euo pipefail
dir="${1:-${RUNNER_TEMP:-/tmp}/terraform-provider-mirror}"
work="$(mktemp -d)"
mkdir -p "$dir"
cat > "$work/main.tf.json" <<'JSON'
{ "terraform": { "required_providers": { "aws": { "source": "hashicorp/aws", "version": "5.100.0" } } } }
JSON
TF_PLUGIN_CACHE_DIR="$dir" terraform -chdir="$work" init -backend=false -input=false >&2
rm -rf "$work"
echo "$dir"
