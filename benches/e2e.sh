#!/usr/bin/env bash
# End to end: generate a corpus, time `readouts index` and `readouts search` as whole
# processes against `rg -l -i` over the same files, peak memory, index size against corpus
# size, and a second (incremental) run.
#
#   benches/e2e.sh [COUNT] [WORK_DIR]      (defaults: 100000, target/e2e)
#
# Uses hyperfine and ripgrep where installed (Debian: apt-get install hyperfine ripgrep).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
work=${2:-target/e2e}
corpus="$work/corpus-$count"
index="$work/index-$count"

cargo build --profile release-lto --quiet --bin readouts --example generate --example plain_tantivy
readouts=target/release-lto/readouts
# A corpus made by an older generator is made again: its first readout tells.
first=$(mktemp -d)
target/release-lto/examples/generate --count 1 --out "$first"
if [ ! -f "$corpus/.complete" ] || ! cmp -s "$first/0000/0000000.txt" "$corpus/0000/0000000.txt"; then
    rm -rf "$corpus"
    target/release-lto/examples/generate --count "$count" --out "$corpus"
    touch "$corpus/.complete"
fi
rm -rf "$first"
corpus_bytes=$(du -sb "$corpus" | cut -f1)
echo "corpus: $count readouts, $((corpus_bytes / 1000000)) MB in $corpus"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr)"

# Both indexers read the files from the page cache: the first to run would pay for the disk.
find "$corpus" -type f -exec cat {} + > /dev/null

# Runs a command under /usr/bin/time, keeping its figures in $work/time-NAME.
timed() {
    local name=$1
    shift
    /usr/bin/time -o "$work/time-$name" \
        -f "elapsed %e s, CPU %U s user + %S s system, peak memory %M KB" "$@"
    cat "$work/time-$name"
}
# A timed run's elapsed seconds (field 2) and CPU seconds (user, field 5, + system, field 9).
elapsed() { awk '{print $2}' "$work/time-$1"; }
cpu() { awk '{print $5 + $9}' "$work/time-$1"; }

rm -rf "$index"
echo
echo "== first run"
timed first "$readouts" --index "$index" index "$corpus"
echo
echo "== plain tantivy (en_stem, positions, stored; no extraction), same files, threads and heap"
timed plain target/release-lto/examples/plain_tantivy "$corpus" "$work/plain-$count"
awk -v r="$(elapsed first)" -v p="$(elapsed plain)" -v rc="$(cpu first)" -v pc="$(cpu plain)" \
    'BEGIN {printf "readouts / plain tantivy throughput: %.2f x in wall time, %.2f x in CPU time\n", p / r, pc / rc}'
du -sb "$work/plain-$count" | awk -v c="$corpus_bytes" '{printf "plain index size: %d MB = %.2f x the corpus\n", $1 / 1000000, $1 / c}'
rm -rf "$work/plain-$count"
echo
echo "== second run, nothing changed"
timed second "$readouts" --index "$index" index "$corpus"
awk -v s="$(elapsed second)" -v f="$(elapsed first)" 'BEGIN {printf "second run: %.1f %% of the first\n", 100 * s / f}'
index_bytes=$(du -sb "$index" | cut -f1)
echo
echo "index size: $((index_bytes / 1000000)) MB = $(awk "BEGIN {printf \"%.2f\", $index_bytes / $corpus_bytes}") x the corpus"

echo
echo "== search, whole process"
queries=("security" "energy security" '"foreign minister"')
for q in "${queries[@]}"; do
    if command -v hyperfine > /dev/null; then
        commands=("$readouts --index $index search --color never '$q'")
        if command -v rg > /dev/null; then
            words=$(echo "$q" | tr -d '"')
            commands+=("rg -l -i --fixed-strings '$words' $corpus")
        fi
        # Medians: a shared machine's outliers move a mean of a few runs by a third. No shell
        # (-N): a search takes a few milliseconds, too few to tell from a shell's start.
        hyperfine -N --warmup 3 --runs 30 --ignore-failure --style basic \
            --export-csv "$work/search.csv" "${commands[@]}"
        awk -F, 'NR > 1 { median[NR - 1] = $4 * 1000 } END {
            printf "median: readouts %.1f ms", median[1]
            if (2 in median) printf ", rg %.0f ms, %.0f x faster", median[2], median[2] / median[1]
            print "" }' "$work/search.csv"
    else
        /usr/bin/time -f "readouts search '$q': %e s" "$readouts" --index "$index" search "$q" > /dev/null
    fi
done
