# Shared set-up steps for bin/demo and bin/test. Sourced, not run.
# Everything a fresh Debian/Ubuntu machine with Python >= 3.10 lacks is installed here (as root) or named
# in a clear message (as another user).

ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT_DIR/.venv"
APT_UPDATED=""

say() { printf '\033[1;31m==>\033[0m %s\n' "$*"; }
die() { printf '错误：%s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = "0" ]; }

apt_install() {
  # apt_install PKG... : install Debian packages when root, else explain what is missing.
  if ! is_root; then
    die "缺少系统软件包：$*。请以 root 身份运行一次，或执行：sudo apt-get install -y $*"
  fi
  command -v apt-get >/dev/null || die "找不到 apt-get；请手动安装：$*"
  if [ -z "$APT_UPDATED" ]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

find_python() {
  for candidate in "${PYTHON:-}" python3 python3.13 python3.12 python3.11 python3.10; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

ensure_venv() {
  # ensure_venv [extra] : a virtual environment with the project (and its extras) installed.
  local extra="${1:-}" py stamp
  py="$(find_python)" || die "需要 Python 3.10 或更高版本（python3）。"
  if [ ! -x "$VENV/bin/python" ]; then
    if ! "$py" -c 'import ensurepip, venv' 2>/dev/null; then
      local ver; ver="$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
      apt_install "python${ver}-venv" || apt_install python3-venv
    fi
    say "创建虚拟环境 .venv"
    "$py" -m venv "$VENV"
  fi
  # The stamp records the pyproject hash and the extras installed; a venv with the test extras also
  # serves the demo, so bin/demo after bin/test does not reinstall anything.
  local hash have
  hash="$(sha256sum "$ROOT_DIR/pyproject.toml" | cut -c1-16)"
  stamp="$VENV/.fulian-installed"
  have="$(cat "$stamp" 2>/dev/null || true)"
  if [ "$have" != "$hash-$extra" ] && { [ -n "$extra" ] || [ "${have%-*}" != "$hash" ]; }; then
    say "安装依赖（pip）"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    if [ -n "$extra" ]; then
      "$VENV/bin/python" -m pip install -q -e "$ROOT_DIR[$extra]"
    else
      "$VENV/bin/python" -m pip install -q -e "$ROOT_DIR"
    fi
    echo "$hash-$extra" > "$stamp"
  fi
}

ensure_browser() {
  # Debian's Chromium and CJK fonts for the browser tests (Playwright cannot download its own here).
  local need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need+=(fonts-noto-cjk)
  if [ ${#need[@]} -gt 0 ]; then apt_install "${need[@]}"; fi
}

ensure_office() {
  # LibreOffice Writer and poppler for the test that converts a summary to PDF and reads its text back
  # (the app maps 宋体/仿宋/黑体 to Noto CJK itself: fulian/reports/fonts/fonts.conf).
  local need=()
  command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
  command -v pdftotext >/dev/null || need+=(poppler-utils)
  if [ ${#need[@]} -gt 0 ]; then apt_install "${need[@]}"; fi
}

pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}

ensure_postgres() {
  pg_bindir >/dev/null || apt_install postgresql
  pg_bindir >/dev/null || die "安装 PostgreSQL 后仍找不到 pg_ctl。"
}
