#!/usr/bin/env bash
# `modelfit check` throughput over two large trees, on one thread and on every core, with the
# human output and with --format json.
#
# Generates (once) under target/bench-check:
# - dense/: copies of the fixtures (prompt files and source files, without their .expected files),
#   each copy with its own variation (the models rotate through a list, so reasoning and general
#   models meet the same prompts), until the tree holds at least BENCH_CHECK_MB megabytes
#   (default 50). Every file holds prompts: the worst case.
# - mixed/: the same copies, each joined by BENCH_CHECK_PLAIN (default 9) prompt-free versions of
#   the source fixtures (Python, JS, TS, Go, Rust): the SDK and prompt words renamed away
#   (`openai` -> `NetLib`, `messages` -> `entries`, `PROMPT` -> `banner`, ...), so they are
#   ordinary code that the byte prefilter rules out. With the default, about four fifths of the
#   bytes are prompt-free, closer to a real repository. Also about BENCH_CHECK_MB megabytes.
# Then times `modelfit check` over each, reports MB/s (wall and per CPU-second), and checks that
# one thread and every core report the same findings.
#
#   scripts/bench-check.sh            # build the release binary, generate, measure
#   BENCH_CHECK_MB=100 BENCH_CHECK_PLAIN=20 scripts/bench-check.sh
#   BENCH_CHECK_BIN=/tmp/old-modelfit scripts/bench-check.sh   # measure another build
#   BENCH_CHECK_ROOT=/tmp/sparse BENCH_CHECK_PLAIN=50 scripts/bench-check.sh   # keep both trees
set -euo pipefail
cd "$(dirname "$0")/.."

target_mb=${BENCH_CHECK_MB:-50}
plain=${BENCH_CHECK_PLAIN:-9}
root=$(realpath -m "${BENCH_CHECK_ROOT:-target/bench-check}")
models=(o3-mini gpt-4.1 o4-mini gpt-4o claude-sonnet-4-20250514 gemini-2.5-pro deepseek-reasoner gpt-5-mini)

if [[ -n ${BENCH_CHECK_BIN:-} ]]; then
    bin=$BENCH_CHECK_BIN
else
    cargo build --release --quiet
    bin=target/release/modelfit
fi

# Renames every word the prefilter (HINTS in src/analysis/extract/code/mod.rs) looks for.
strip_sdk_words=(
    -e 's/[Oo]pen[Aa][Ii]/NetLib/g' -e 's/OPENAI/NETLIB/g' -e 's/[Aa]nthropic/Vendor/g' -e 's/[Cc]ompletion/Request/g'
    -e 's/messages/entries/g' -e 's/responses/replies/g' -e 's/genai/gencore/g'
    -e 's/GenerativeModel/GeneratorModel/g' -e 's/generate_content/generate_body/g'
    -e 's/generateContent/generateBody/g' -e 's/Chat\(Google\|VertexAI\|MistralAI\|Groq\|DeepSeek\|XAI\|Ollama\|Bedrock\)/Talk\1/g'
    -e 's/init_chat_model/init_talk_model/g' -e 's/initChatModel/initTalkModel/g'
    -e 's/\(generate\|stream\)\(Text\|Object\)/\1Thing/g' -e 's/\b[Aa][Ii]\([:!?]\)/NB\1/g'
    -e 's/modelfit:/lint:/g' -e 's/[Pp][Rr][Oo][Mm][Pp][Tt]/banner/g'
    -e 's/[Ii][Nn][Ss][Tt][Rr][Uu][Cc][Tt][Ii][Oo][Nn][Ss]/guidance/g' -e 's/[Tt][Ee][Mm][Pp][Ll][Aa][Tt][Ee]/layout/g'
)

if [[ ! -f $root/.complete || $(cat "$root/.complete") != "$target_mb $plain" ]]; then
    rm -rf "$root/dense" "$root/mixed" "$root/variants" "$root/plain" "$root/tree"
    # One variant of the fixtures per model: that model replaces o3-mini everywhere.
    for model in "${models[@]}"; do
        dest=$root/variants/$model
        mkdir -p "$dest"
        (cd fixtures && find prompts code -type f ! -name '*.expected' -exec cp --parents -t "$dest" {} +)
        find "$dest" -type f -print0 | xargs -0 sed -i -e "s/o3-mini/$model/g"
    done
    # The prompt-free source files: the code fixtures with the SDK words renamed away.
    mkdir -p "$root/plain"
    (cd fixtures && find code -type f ! -name '*.expected' -exec cp --parents -t "$root/plain" {} +)
    find "$root/plain" -type f -print0 | xargs -0 sed -i "${strip_sdk_words[@]}"
    per_copy=$(find "$root/variants/${models[0]}" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
    per_plain=$(find "$root/plain" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
    copies=$(((target_mb * 1000 * 1000 + per_copy - 1) / per_copy))
    mixed_copies=$(((target_mb * 1000 * 1000 + per_copy + plain * per_plain - 1) / (per_copy + plain * per_plain)))
    echo "generating $copies copies of the fixtures ($per_copy bytes each) in $root/dense" >&2
    for ((copy = 0; copy < copies; copy++)); do
        dest=$root/dense/copy$copy
        mkdir -p "$root/dense"
        cp -r "$root/variants/${models[$((copy % ${#models[@]}))]}" "$dest"
        # Every source file also says which copy it is, so no two copies are the same text.
        sed -i -e "\$a # copy $copy" "$dest"/code/python/*.py
        sed -i -e "\$a // copy $copy" "$dest"/code/typescript/*.ts "$dest"/code/javascript/*.*js \
            "$dest"/code/go/*.go "$dest"/code/rust/*.rs
    done
    # The mixed tree shares the first dense copies (hard links) and adds the prompt-free files.
    echo "generating $mixed_copies copies with $plain prompt-free sets ($per_plain bytes each) in $root/mixed" >&2
    mkdir -p "$root/mixed"
    for ((copy = 0; copy < mixed_copies; copy++)); do
        cp -al "$root/dense/copy$copy" "$root/mixed/copy$copy"
        for ((p = 0; p < plain; p++)); do
            cp -r "$root/plain/code" "$root/mixed/copy$copy/plain$p"
        done
    done
    leaks=$(grep -rlE 'openai|OpenAI|anthropic|Anthropic|messages|responses|ompletion|PROMPT|_prompt|Prompt|AI[:!?]' "$root/mixed"/copy0/plain* || true)
    if [[ -n $leaks ]]; then
        echo "prompt-free files still hold SDK words: $leaks" >&2
        exit 1
    fi
    echo "$target_mb $plain" > "$root/.complete"
fi

cores=$(nproc)
describe() {
    local tree=$1 bytes files plain_bytes
    bytes=$(find "$tree" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
    files=$(find "$tree" -type f | wc -l)
    plain_bytes=$(find "$tree" -path '*/plain*' -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
    echo "$tree: $files files, $((bytes / 1000 / 1000)) MB, $((plain_bytes * 100 / bytes))% of the bytes prompt-free"
}

measure() {
    local tree=$1 threads=$2 format=$3 out=$4 times bytes
    bytes=$(find "$tree" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
    # Wall time, and CPU time (user + system) which a busy machine does not inflate.
    TIMEFORMAT='%R %U %S'
    # Exit code 1 means findings, which this tree has; 2 would be a usage error.
    times=$({ time "$bin" check --format "$format" -j "$threads" "$tree" > "$out" || [[ $? == 1 ]]; } 2>&1)
    awk -v b="$bytes" -v t="$threads" -v f="$format" -v times="$times" 'BEGIN {
        split(times, x, " "); cpu = x[2] + x[3]
        printf "  %-5s %d thread(s): %.2f s wall, %.1f MB/s; %.2f s CPU, %.1f MB per CPU-second\n", f, t, x[1], b / 1e6 / x[1], cpu, b / 1e6 / cpu
    }'
}

for kind in dense mixed; do
    tree=$root/$kind
    describe "$tree"
    # A warm-up run, so the measurements read the tree from the page cache.
    "$bin" check -q -j "$cores" "$tree" > /dev/null || true
    for format in human json; do
        measure "$tree" 1 "$format" "$root/$kind-one.$format"
        measure "$tree" "$cores" "$format" "$root/$kind-all.$format"
        # The report is in path order whatever the threads; only the timings may differ.
        if ! diff <(grep -v -e elapsed -e '^Checked ' "$root/$kind-one.$format") \
            <(grep -v -e elapsed -e '^Checked ' "$root/$kind-all.$format") > /dev/null; then
            echo "one thread and $cores threads disagree: compare $root/$kind-one.$format and $root/$kind-all.$format" >&2
            exit 1
        fi
    done
done
