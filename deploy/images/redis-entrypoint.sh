#!/bin/sh
# Entry point of deploy/local-images.sh's Redis image. Debian builds redis-server with protected
# mode on, which refuses every client from outside the container; the official image builds it
# off. This puts "--protected-mode no" first (after a config file, if one is given), so that an
# explicit --protected-mode later on the command line still wins. Like the official image's
# entry point, arguments that start with "-" are redis-server's.
set -e
if [ "${1#-}" != "$1" ]; then
    set -- redis-server "$@"
fi
case "${2:-}" in
    -v | --version | -h | --help) exec "$@" ;;
esac
if [ "$1" = redis-server ]; then
    shift
    if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
        config=$1
        shift
        set -- redis-server "$config" --protected-mode no "$@"
    else
        set -- redis-server --protected-mode no "$@"
    fi
fi
exec "$@"
