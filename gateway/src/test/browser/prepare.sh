#!/usr/bin/env bash
# What the console's browser test needs, installed by the test itself so a fresh machine passes:
# Debian's chromium (only if /usr/bin/chromium is missing, and only as root) and playwright-core from
# npm into the given directory (no browser download: Playwright drives the system Chromium).
# Prints the Chromium path on its last line; exits 3 when something cannot be installed here.
set -euo pipefail
work=${1:?usage: prepare.sh WORK_DIR}
here=$(cd "$(dirname "$0")" && pwd)
chromium=${HOSPAY_CHROMIUM:-/usr/bin/chromium}

# The console's labels are Chinese: without a CJK font the screenshots show empty boxes.
packages=()
[[ -x $chromium ]] || packages+=(chromium)
[[ -n $(fc-list :lang=zh 2>/dev/null) ]] || packages+=(fonts-wqy-microhei)
if ((${#packages[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "prepare: ${packages[*]} missing and only root may apt-get install them" >&2
    [[ -x $chromium ]] || exit 3
  else
    echo "prepare: installing Debian's ${packages[*]} (once per machine)" >&2
    export DEBIAN_FRONTEND=noninteractive
    # Another apt on the machine may hold the lock for a while: wait for it rather than fail.
    apt_opts=(-o DPkg::Lock::Timeout=300 -o Acquire::Retries=3)
    if ! apt-get "${apt_opts[@]}" install -y --no-install-recommends "${packages[@]}" >&2; then
      apt-get "${apt_opts[@]}" update >&2
      apt-get "${apt_opts[@]}" install -y --no-install-recommends "${packages[@]}" >&2 || exit 3
    fi
  fi
fi

command -v node >/dev/null && command -v npm >/dev/null || { echo "prepare: node and npm are needed" >&2; exit 3; }
mkdir -p "$work"
cp "$here/package.json" "$here/package-lock.json" "$here"/*.mjs "$work/"
wanted=$(node -p "require('$here/package.json').dependencies['playwright-core']")
if [[ ! -f $work/node_modules/playwright-core/package.json ]] \
   || [[ $(node -p "require('$work/node_modules/playwright-core/package.json').version") != "$wanted" ]]; then
  echo "prepare: npm ci (playwright-core $wanted, no browser download)" >&2
  (cd "$work" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >&2) || exit 3
fi
echo "$chromium"
