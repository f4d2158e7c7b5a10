#!/bin/sh
# The stand-in's entrypoint. For `mysqld`, `mariadbd` or bare server options: on an empty data directory, a first
# start with networking off (so that no health check over TCP passes before it is done) sets the root password and
# creates the database and user named by MYSQL_* (or MARIADB_*), then runs /docker-entrypoint-initdb.d/*.sql; then
# mariadbd runs as `mysql` with the options given.
set -eu
case "${1:-}" in -*) set -- mariadbd "$@" ;; esac
if [ "${1:-}" = mysqld ]; then shift && set -- mariadbd "$@"; fi
if [ "${1:-}" != mariadbd ]; then exec "$@"; fi
shift

# setting NAME: $MARIADB_NAME, else $MYSQL_NAME, else empty
setting() { eval "printf '%s' \"\${MARIADB_$1:-\${MYSQL_$1:-}}\""; }
# literal TEXT: TEXT as an SQL string literal
literal() { printf "'%s'" "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/''/g")"; }

datadir=/var/lib/mysql
if [ ! -d "$datadir/mysql" ]; then
  root_password=$(setting ROOT_PASSWORD)
  if [ -n "$(setting RANDOM_ROOT_PASSWORD)" ]; then
    root_password=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
    echo "GENERATED ROOT PASSWORD: $root_password"
  elif [ -z "$root_password" ] && [ -z "$(setting ALLOW_EMPTY_PASSWORD)" ]; then
    echo 'The database is uninitialised: set MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD or MYSQL_RANDOM_ROOT_PASSWORD' >&2
    exit 1
  fi
  database=$(setting DATABASE)
  user=$(setting USER)
  mariadb-install-db --user=mysql --datadir="$datadir" --skip-test-db --auth-root-authentication-method=normal >/dev/null
  socket=/run/mysqld/init.sock
  mariadbd --user=mysql --datadir="$datadir" --skip-networking --socket="$socket" "$@" &
  pid=$!
  tries=0
  until mariadb-admin --socket="$socket" -uroot ping >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -gt 120 ]; then echo 'mariadbd did not start for initialisation' >&2 && exit 1; fi
    sleep 0.5
  done
  {
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY $(literal "$root_password");"
    echo "CREATE USER 'root'@'%' IDENTIFIED BY $(literal "$root_password");"
    echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
    if [ -n "$database" ]; then echo "CREATE DATABASE IF NOT EXISTS \`$database\`;"; fi
    if [ -n "$user" ]; then
      echo "CREATE USER $(literal "$user")@'%' IDENTIFIED BY $(literal "$(setting PASSWORD)");"
      if [ -n "$database" ]; then echo "GRANT ALL ON \`$database\`.* TO $(literal "$user")@'%';"; fi
    fi
  } | mariadb --socket="$socket" -uroot
  export MYSQL_PWD="$root_password"
  for file in /docker-entrypoint-initdb.d/*.sql; do
    if [ -f "$file" ]; then mariadb --socket="$socket" -uroot ${database:+"$database"} < "$file"; fi
  done
  mariadb-admin --socket="$socket" -uroot shutdown
  wait "$pid"
  unset MYSQL_PWD
fi
exec mariadbd --user=mysql --datadir="$datadir" "$@"
