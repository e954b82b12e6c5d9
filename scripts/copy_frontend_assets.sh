#!/usr/bin/env bash
# Copy the precompiled GOV.UK Frontend, MOJ Frontend and htmx files from node_modules into
# hearth/static/vendor/. No bundler: these packages ship ready-built CSS, JS, fonts and images.
# GOV.UK's CSS points at /assets/; we rewrite that to where the files are served from.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=hearth/static/vendor
rm -rf "$dest"
mkdir -p "$dest/govuk" "$dest/moj" "$dest/htmx"

govuk=node_modules/govuk-frontend/dist/govuk
cp "$govuk/govuk-frontend.min.js" "$dest/govuk/"
# The minified files name their source maps; collectstatic's manifest storage fails without them.
cp "$govuk/govuk-frontend.min.js.map" "$govuk/govuk-frontend.min.css.map" "$dest/govuk/"
cp -r "$govuk/assets" "$dest/govuk/assets"
sed 's#url(/assets/#url(/static/vendor/govuk/assets/#g' "$govuk/govuk-frontend.min.css" >"$dest/govuk/govuk-frontend.min.css"

moj=node_modules/@ministryofjustice/frontend/moj
cp "$moj/moj-frontend.min.js" "$moj/moj-frontend.min.js.map" "$moj/moj-frontend.min.css.map" "$dest/moj/"
cp -r "$moj/assets" "$dest/moj/assets"
sed 's#url(/assets/#url(/static/vendor/moj/assets/#g' "$moj/moj-frontend.min.css" >"$dest/moj/moj-frontend.min.css"

cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/"
echo "Front-end assets copied to $dest"
