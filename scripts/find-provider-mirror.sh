#!/usr/bin/env bash
# Prints a provider mirror directory (the one that holds registry.terraform.io/hashicorp/aws/5.100.0/...):
# TF_PLUGIN_DIR when set, else the first terraform-provider-aws_v5.100.0 binary found on this machine.
set -euo pipefail
if [ -n "${TF_PLUGIN_DIR:-}" ]; then echo "$TF_PLUGIN_DIR"; exit 0; fi
binary=$(find / \( -path /proc -o -path /sys -o -path '*/node_modules' -o -path '*/.terraform' \) -prune -o \
  -type f -name 'terraform-provider-aws_v5.100.0*' -path '*registry.terraform.io/hashicorp/aws/5.100.0/*' -print 2>/dev/null | head -n 1)
if [ -z "$binary" ]; then
  echo "No hashicorp/aws 5.100.0 provider mirror found on this machine; set TF_PLUGIN_DIR." >&2
  exit 1
fi
# <mirror>/registry.terraform.io/hashicorp/aws/5.100.0/<os_arch>/terraform-provider-aws_*
dirname "$(dirname "$(dirname "$(dirname "$(dirname "$(dirname "$binary")")")")")"
