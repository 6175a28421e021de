# Loads every helper and moves to the repository root. The entry-point scripts source
# this one file.
# shellcheck shell=bash
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$REPO_ROOT/scripts/lib/setup.sh"
source "$REPO_ROOT/scripts/lib/postgres.sh"
source "$REPO_ROOT/scripts/lib/desktop_session.sh"
source "$REPO_ROOT/scripts/lib/contract.sh"
cd "$REPO_ROOT"
