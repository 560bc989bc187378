#!/usr/bin/env bash
# Copies real photos for the tests from two Debian packages into DEST_DIR (flat, one file a photo).
#
#   scripts/fetch-test-photos.sh DEST_DIR
#
# The packages are only downloaded and unpacked in a temporary directory (apt-get download +
# dpkg-deb), never installed, and the photos are never committed. When every photo is already in
# DEST_DIR nothing is downloaded.
#
# Sources and licences (as stated by the packages themselves):
#   python3-skimage  /usr/lib/python3/dist-packages/skimage/data/ (see skimage/data/_fetchers.py)
#     coffee.png     CC0, photographer Rachel Michetti
#     chelsea.png    CC0, photographer Stefan van der Walt
#     astronaut.png  NASA, public domain
#     rocket.jpg     SpaceX, public domain
#     brick.png, grass.png, gravel.png  full-frame textures, CC0
#   opencv-doc       /usr/share/doc/opencv-doc/examples/ (OpenCV's samples; Debian's copyright file
#                    puts them under the project's "Apache-2.0 AND BSD-3-Clause")
#     data/apple.jpg, data/orange.jpg, data/fruits.jpg, data/baboon.jpg, data/messi5.jpg,
#     data/butterfly.jpg, alphamat/input_images/plant.jpg and its matte
#     alphamat/output_mattes/plant_result.png
set -euo pipefail

die() {
    echo "fetch-test-photos: ERROR: $*" >&2
    exit 1
}

[[ $# -eq 1 ]] || die "usage: $0 DEST_DIR"
dest=$1

skimage_dir=usr/lib/python3/dist-packages/skimage/data
opencv_dir=usr/share/doc/opencv-doc/examples

# package | path inside the package
photos=(
    "python3-skimage|$skimage_dir/coffee.png"
    "python3-skimage|$skimage_dir/chelsea.png"
    "python3-skimage|$skimage_dir/astronaut.png"
    "python3-skimage|$skimage_dir/rocket.jpg"
    "python3-skimage|$skimage_dir/brick.png"
    "python3-skimage|$skimage_dir/grass.png"
    "python3-skimage|$skimage_dir/gravel.png"
    "opencv-doc|$opencv_dir/data/apple.jpg"
    "opencv-doc|$opencv_dir/data/orange.jpg"
    "opencv-doc|$opencv_dir/data/fruits.jpg"
    "opencv-doc|$opencv_dir/data/baboon.jpg"
    "opencv-doc|$opencv_dir/data/messi5.jpg"
    "opencv-doc|$opencv_dir/data/butterfly.jpg"
    "opencv-doc|$opencv_dir/alphamat/input_images/plant.jpg"
    "opencv-doc|$opencv_dir/alphamat/output_mattes/plant_result.png"
)

missing=()
for photo in "${photos[@]}"; do
    [[ -s $dest/$(basename "${photo#*|}") ]] || missing+=("$photo")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

command -v apt-get >/dev/null 2>&1 || die "apt-get is needed to fetch the test photos (a Debian-based machine)"

mkdir -p "$dest" || die "cannot create '$dest'"
work=$(mktemp -d "${TMPDIR:-/tmp}/test-photos.XXXXXX")
trap 'rm -rf "$work"' EXIT
# apt's sandbox user must be able to write the downloads
chmod 755 "$work"

packages=$(printf '%s\n' "${missing[@]}" | cut -d'|' -f1 | sort -u)

download() {
    (cd "$work" && apt-get download $packages) >"$work/apt.log" 2>&1
}

echo "fetch-test-photos: downloading $(echo $packages) (about 120 MB, once)" >&2
if ! download; then
    # A fresh machine may have empty package lists: refresh them once when allowed to.
    if [[ $(id -u) -eq 0 ]]; then
        echo "fetch-test-photos: apt-get download failed; running apt-get update once and retrying" >&2
        apt-get update >"$work/update.log" 2>&1 || die "apt-get update failed: $(tail -n 5 "$work/update.log")"
        download || die "apt-get download $(echo $packages) failed: $(tail -n 5 "$work/apt.log")"
    else
        die "apt-get download $(echo $packages) failed (run 'apt-get update' as root first?): $(tail -n 5 "$work/apt.log")"
    fi
fi

for package in $packages; do
    deb=$(ls "$work"/"${package}"_*.deb 2>/dev/null | head -n 1)
    [[ -n $deb ]] || die "apt-get download left no .deb for $package"
    members=()
    for photo in "${missing[@]}"; do
        [[ ${photo%%|*} == "$package" ]] && members+=("./${photo#*|}")
    done
    # only the wanted members: opencv-doc unpacks to hundreds of MB of HTML otherwise
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" "${members[@]}" \
        || die "$package ($(basename "$deb")) lacks one of: ${members[*]}"
done

for photo in "${missing[@]}"; do
    path=${photo#*|}
    name=$(basename "$path")
    cp "$work/$path" "$dest/.$name.tmp" && mv -f "$dest/.$name.tmp" "$dest/$name" \
        || die "cannot copy $name into '$dest'"
done
echo "fetch-test-photos: ${#missing[@]} photos in $dest" >&2
