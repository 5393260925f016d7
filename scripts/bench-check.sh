#!/usr/bin/env bash
# `modelfit check` throughput over a large mixed tree, on one thread and on every core.
#
# Generates (once) target/bench-check/tree: copies of the fixtures (prompt files and source
# files, without their .expected files), each copy with its own variation (the models rotate
# through a list, so reasoning and general models meet the same prompts), until the tree holds at
# least BENCH_CHECK_MB megabytes (default 50). Then times `modelfit check --format json` over it,
# reports MB/s, and checks that one thread and every core report the same findings.
#
#   scripts/bench-check.sh            # build the release binary, generate, measure
#   BENCH_CHECK_MB=100 scripts/bench-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

target_mb=${BENCH_CHECK_MB:-50}
root=target/bench-check
tree=$root/tree
models=(o3-mini gpt-4.1 o4-mini gpt-4o claude-sonnet-4-20250514 gemini-2.5-pro deepseek-reasoner gpt-5-mini)

cargo build --release --quiet
bin=target/release/modelfit

if [[ ! -f $tree/.complete || $(cat "$tree/.complete") != "$target_mb" ]]; then
    rm -rf "$tree" "$root/variants"
    # One variant of the fixtures per model: that model replaces o3-mini everywhere.
    for model in "${models[@]}"; do
        dest=$root/variants/$model
        mkdir -p "$dest"
        (cd fixtures && find prompts code -type f ! -name '*.expected' -exec cp --parents -t "../$dest" {} +)
        find "$dest" -type f -print0 | xargs -0 sed -i -e "s/o3-mini/$model/g"
    done
    per_copy=$(find "$root/variants/${models[0]}" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
    copies=$(((target_mb * 1000 * 1000 + per_copy - 1) / per_copy))
    echo "generating $copies copies of the fixtures ($per_copy bytes each) in $tree" >&2
    mkdir -p "$tree"
    for ((copy = 0; copy < copies; copy++)); do
        dest=$tree/copy$copy
        cp -r "$root/variants/${models[$((copy % ${#models[@]}))]}" "$dest"
        # Every source file also says which copy it is, so no two copies are the same text.
        sed -i -e "\$a # copy $copy" "$dest"/code/python/*.py
        sed -i -e "\$a // copy $copy" "$dest"/code/typescript/*.ts "$dest"/code/javascript/*.*js
    done
    echo "$target_mb" > "$tree/.complete"
fi

bytes=$(find "$tree" -type f ! -name .complete -printf '%s\n' | awk '{ s += $1 } END { print s }')
files=$(find "$tree" -type f ! -name .complete | wc -l)
cores=$(nproc)
echo "tree: $files files, $((bytes / 1000 / 1000)) MB ($tree)"

measure() {
    local threads=$1 out=$2 times
    # Wall time, and CPU time (user + system) which a busy machine does not inflate.
    TIMEFORMAT='%R %U %S'
    # Exit code 1 means findings, which this tree has; 2 would be a usage error.
    times=$({ time "$bin" check --format json -j "$threads" "$tree" > "$out" || [[ $? == 1 ]]; } 2>&1)
    awk -v b="$bytes" -v t="$threads" -v times="$times" 'BEGIN {
        split(times, x, " "); cpu = x[2] + x[3]
        printf "%d thread(s): %.2f s wall, %.1f MB/s; %.2f s CPU, %.1f MB per CPU-second\n", t, x[1], b / 1e6 / x[1], cpu, b / 1e6 / cpu
    }'
}

# A warm-up run, so both measurements read the tree from the page cache.
"$bin" check -q -j "$cores" "$tree" > /dev/null || true
measure 1 "$root/one.json"
measure "$cores" "$root/all.json"
# The report is in path order whatever the threads; only the timing fields may differ.
if ! diff <(grep -v elapsed "$root/one.json") <(grep -v elapsed "$root/all.json") > /dev/null; then
    echo "one thread and $cores threads disagree: compare $root/one.json and $root/all.json" >&2
    exit 1
fi
