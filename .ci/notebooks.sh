#!/usr/bin/env bash
# CI, after `mvn -B verify`: executes every notebook in notebooks/ against a bundle of its kind and
# fails on any error; also fails when a committed notebook carries outputs. Needs only Debian's
# packages (installed here when missing) and the jar that bin/rollaudit builds.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# Debian's python3 first: the notebooks use Debian's pandas and matplotlib, not a pyenv or venv.
export PATH="/usr/bin:$PATH"
packages=(python3-pandas python3-matplotlib jupyter-nbconvert python3-ipykernel)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "notebooks: installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    echo "notebooks: not root; install them first: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Committed notebooks carry no outputs and no execution counts (they are source, not results).
python3 - notebooks/*.ipynb <<'EOF'
import json, sys
bad = []
for path in sys.argv[1:]:
    nb = json.load(open(path, encoding="utf-8"))
    for i, c in enumerate(nb["cells"]):
        if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count") is not None):
            bad.append(f"{path}: cell {i} has outputs; clear them (Jupyter: Edit > Clear All Outputs)")
if bad:
    print("\n".join(bad), file=sys.stderr)
    sys.exit(1)
print(f"notebooks: {len(sys.argv) - 1} committed notebook(s) without outputs")
EOF

export ROLLAUDIT_HEAP="${ROLLAUDIT_HEAP:-3g}"
executed="$root/out/ci-notebooks"
rm -rf "$executed"
mkdir -p "$executed"
bin/rollaudit demo --out out/ci-demo >/dev/null

# Which notebooks need a timeline bundle, and whether this build can make one.
timeline_bundle=""
make_timeline() {
  if [[ -n "$timeline_bundle" ]]; then
    return 0
  fi
  if bin/rollaudit timeline --help 2>&1 | grep -q "NOT BUILT YET"; then
    return 1
  fi
  rm -rf out/ci-timeline
  bin/rollaudit timeline --store out/ci-demo-store --out out/ci-timeline >/dev/null
  timeline_bundle="$root/out/ci-timeline"
}

run() { # notebook, bundle, [finding]
  local nb=$1 bundle=$2 finding=${3:-}
  local name
  name=$(basename "$nb" .ipynb)${finding:+-$finding}
  echo "notebooks: executing $nb on ${bundle#"$root"/}${finding:+ ($finding)}"
  # The kernel draws figures inline (no display needed); quiet the debugger's frozen-module note.
  ROLLAUDIT_BUNDLE="$bundle" ROLLAUDIT_FINDING="$finding" PYDEVD_DISABLE_FILE_VALIDATION=1 \
    jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
    --output-dir "$executed" --output "$name.ipynb" "$nb" 2>"$executed/$name.log" || {
    cat "$executed/$name.log" >&2
    echo "notebooks: $nb FAILED (log above; executed copy in $executed)" >&2
    exit 1
  }
}

count=0
for nb in notebooks/*.ipynb; do
  case $(basename "$nb") in
    timeline*)
      if make_timeline; then
        run "$nb" "$timeline_bundle"
        count=$((count + 1))
      else
        echo "notebooks: skipping $nb: 'rollaudit timeline' is not built in this version"
      fi
      ;;
    finding*)
      # The first finding, and the first group finding (the group comparison path).
      first=$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["findings"]; print(f[0]["id"] if f else "")' out/ci-demo/findings.json)
      group=$(python3 -c 'import json,sys; f=[x["id"] for x in json.load(open(sys.argv[1]))["findings"] if len(x["group"])==1]; print(f[0] if f else "")' out/ci-demo/findings.json)
      run "$nb" "$root/out/ci-demo" "$first"
      if [[ -n "$group" && "$group" != "$first" ]]; then
        run "$nb" "$root/out/ci-demo" "$group"
      fi
      count=$((count + 1))
      ;;
    *)
      run "$nb" "$root/out/ci-demo"
      count=$((count + 1))
      ;;
  esac
done
echo "notebooks: $count notebook(s) executed without error"
