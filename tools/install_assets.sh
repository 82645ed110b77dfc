#!/usr/bin/env bash
# The one step of the browser tests and the PDF command that uses the network: it fetches four npm
# packages (exact versions, each checked against its sha512) into tools/assets/node_modules.
# Afterwards the browser tests and the PDF run offline: the pages' CDN requests are answered from here.
set -euo pipefail
cd "$(dirname "$0")/assets"

declare -A SRI=(
  [requirejs@2.3.4]="sha512-qPD5gRrj6kGQ0ZySAJgqbArkaDqPMbQIT0zSZDkIv1mfA17w/tR2Faq5l2qqRf2CdQx6FWln9nUrgd2UDzb19A=="
  [@jupyter-widgets/html-manager@1.0.15]="sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA=="
  [mathjax@3.2.2]="sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw=="
  [axe-core@4.14.1]="sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
)

if [ -f node_modules/.installed ]; then echo "assets already installed"; exit 0; fi
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
rm -rf node_modules; mkdir -p node_modules
for spec in "${!SRI[@]}"; do
  name="${spec%@*}"
  file="$(cd "$tmp" && npm pack --silent "$spec" | tail -n 1)"
  got="sha512-$(openssl dgst -sha512 -binary "$tmp/$file" | base64 -w0)"
  [ "$got" = "${SRI[$spec]}" ] || { echo "integrity mismatch for $spec: $got" >&2; exit 1; }
  mkdir -p "node_modules/$name"; tar -xzf "$tmp/$file" -C "node_modules/$name" --strip-components=1
done
touch node_modules/.installed
echo "assets installed in $(pwd)/node_modules"
