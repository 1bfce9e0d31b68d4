#!/usr/bin/env bash
# Builds the student versions of every problem set into coursework/release/<assignment>/ and
# records the assignments in coursework/gradebook.db (nbgrader's SQLite gradebook).
#
#   coursework/release.sh [PYTHON]    PYTHON defaults to the repository's .venv/bin/python
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
python="${1:-$here/../.venv/bin/python}"
python="$(cd "$(dirname "$python")" && pwd)/$(basename "$python")"
# nbgrader runs `alembic` (its database migrations) from PATH: put the interpreter's bin first.
export PATH="$(dirname "$python"):$PATH"
cd "$here"
# One run for every folder under source/ (nbgrader expands the glob itself).
"$python" -m nbgrader generate_assignment "*" --force
echo "Student versions are in $here/release/"
