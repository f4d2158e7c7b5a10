#!/bin/sh
# Entry point of the web image: renders the site from parley.conf.template with the PARLEY_* variables (envsubst is
# given only those names, so nginx's own $variables stay as they are), then runs nginx in the foreground.
set -eu
mkdir -p /tmp/nginx/conf.d
envsubst '${PARLEY_LISTEN} ${PARLEY_UPSTREAMS} ${PARLEY_WEB_ROOT}' \
  < /etc/nginx/parley/parley.conf.template > /tmp/nginx/conf.d/parley.conf
exec nginx -e stderr -g 'daemon off;'
