#!/bin/sh
# Entry point of the analysis container: run the given command inside the Spack view.
. /etc/profile.d/z10_spack_environment.sh
exec "$@"
