#!/bin/sh
# Train saraban's digit glyph classifier: ocr/model/thadigits.glyphs.
#
# The digit LSTM model (train-digits.sh) reads where a number's digits,
# dots and slashes are, but names the digits of fonts it never saw badly
# (๔/๕, ๑/๐, ๒/๓).  This classifier names each digit again from its
# glyph alone (ocr/glyphs.h; ocr/digits.c, note 3c): Leptonica's recog,
# every template kept, the nearest one wins.  It knows the marks more
# than a dot (: / ( ) ว) too, so that a run can be read from its glyphs
# where the LSTM model lost or doubled a digit (note 3d).
#
# One command, with Debian's tesseract-ocr (text2image), fonts-thai-tlwg,
# fonts-sipa-arundina; deterministic (fixed text
# seeds, text2image's fixed degradation, build/scansim's fixed seeds), a
# few minutes.  Its product is committed; nothing runs it in CI.
#
# Fonts: the training faces of train-digits.sh: every Thai face of
# fonts-thai-tlwg but Norasi and Sawasdee, which bench/bench-digits.sh
# and the glyphs-* tests keep for judging on fonts never seen, and four
# Arundina faces.  Each face is rendered six ways: 300 and 200 dpi; 14, 16 and
# 18 pt; light, normal and heavy ink; half degraded by text2image (noise,
# blur, rotation), half like the scan fixtures (build/scansim --image:
# blur, noise, JPEG at quality 75).  At most PER templates of each digit
# come from one rendering.
#
# It knows the Thai letters too (at most LETTERS templates of each from
# one rendering, two renderings a face of lines picked from the seed plan,
# digits removed): a word the page pass read as letters is taken for a
# number only when its glyphs are named digits, not letters (digits.c,
# note 3e).  (LETTERS=4 named the held-out letters a little better,
# 83.3% against 81.8% on Norasi and Sawasdee together, but read the
# held-out digit pages no better and made the scanned bundle 11% slower.)
#
# Then the classifier alone is checked on Norasi and Sawasdee (never
# trained on), digit by digit (glyphtrain --check).
#
# Usage: [OUT=FILE] [WORK=DIR] [PER=N] [LETTERS=N] [NOTO=1] sh ocr/train/train-glyphs.sh
set -eu
export LC_ALL=C.UTF-8 # digitext reads --keep as UTF-8
cd "$(dirname "$0")/../.."
out=${OUT:-ocr/model/thadigits.glyphs}
w=${WORK:-build/train-glyphs}
per=${PER:-3}
letters=${LETTERS:-2}
plan=../shared/seeds/000_4cb2504c604065dc.txt
circular=../shared/seeds/001_f0a8d04b535d6c02.txt
FONTS="Laksaman|Laksaman Bold|Laksaman Italic|Garuda|Garuda Bold|Garuda Oblique|\
Kinnari|Kinnari Bold|Kinnari Italic|Loma|Loma Bold|Purisa|Purisa Bold|Umpush|Umpush Bold|\
Waree|Waree Bold|Tlwg Typo|Tlwg Typist|Tlwg Mono|Tlwg Typewriter|\
Arundina Sans|Arundina Sans Bold|Arundina Serif|Arundina Serif Bold"
# NOTO=1 adds the six Thai faces of fonts-noto-core (tried: with them the
# classifier named Sawasdee's digits worse, 96.1-97.6% against 98.3-98.7%:
# Noto Sans Thai's loopless ๑ looks like Sawasdee's 9)
[ "${NOTO:-0}" = 1 ] && FONTS="$FONTS|Noto Looped Thai|Noto Looped Thai Bold|\
Noto Sans Thai|Noto Sans Thai Bold|Noto Serif Thai|Noto Serif Thai Bold"
# dpi:pt:exposure:look (t text2image's degradation, s scan-like)
renders="300:14:-1:t 300:16:0:s 300:18:1:t 200:16:0:s 200:14:1:t 200:18:0:s"
rm -rf "$w"; mkdir -p "$w/img" "$w/held"
cmake --build build --target digitext glyphtrain scansim >/dev/null

. ocr/train/render.sh

seed=100 lseed=1000
echo "$FONTS" | tr '|' '\n' | while read -r font; do
  for r in $renders; do
    dpi=${r%%:*}; rest=${r#*:}; pt=${rest%%:*}; rest=${rest#*:}; exp=${rest%%:*}; look=${rest#*:}
    seed=$((seed + 1))
    base="$w/img/$(echo "$font" | tr ' ' _)-$dpi-$pt-$exp-$look"
    case "$font" in
      "Noto Looped"*) build/digitext -n 40 -s "$seed" --thai --keep "๐๑๒๓๔๕๖๗๘๙.,/-:()ว" ;;
      Noto*) build/digitext -n 40 -s "$seed" --thai --keep "๐๑๒๓๔๕๖๗๘๙-ว" ;;
      *) build/digitext -n 40 -s "$seed" ;;
    esac > "$base.txt"
    render "$font" "$dpi" "$pt" "$exp" "$look" "$seed" "$base.txt" "$base" build/scansim "$w"
  done
  # letters (the Noto faces, NOTO=1, have no letter renderings)
  case "$font" in Noto*) continue ;; esac
  for r in 300:16:0:s 200:14:1:t; do
    dpi=${r%%:*}; rest=${r#*:}; pt=${rest%%:*}; rest=${rest#*:}; exp=${rest%%:*}; look=${rest#*:}
    lseed=$((lseed + 1))
    base="$w/img/letters-$(echo "$font" | tr ' ' _)-$dpi-$look"
    build/digitext -n 30 -s "$lseed" --letters "$plan" > "$base.txt"
    render "$font" "$dpi" "$pt" "$exp" "$look" "$lseed" "$base.txt" "$base" build/scansim "$w"
  done
done
build/glyphtrain --per "$per" --letters "$letters" "$out" $(ls "$w"/img/*.tif | sed 's/\.tif$//')

# the classifier alone on the held-out faces (text of another seed)
build/digitext -n 40 -s 4242 > "$w/held/numbers.txt"
for font in Norasi Sawasdee; do
  for dpi in 300 200; do
    for look in t s; do
      base="$w/held/$font-$dpi-$look"
      render "$font" "$dpi" 16 0 "$look" 7 "$w/held/numbers.txt" "$base" build/scansim "$w"
      printf '%s %s %s: ' "$font" "$dpi" "$look"
      build/glyphtrain --check "$out" "$base"
    done
  done
  # its letters (the seed circular's, never trained on) named letters
  base="$w/held/letters-$font"
  build/digitext -n 40 -s 7 --letters "$circular" > "$base.txt"
  render "$font" 300 16 0 s 7 "$base.txt" "$base" build/scansim "$w"
  printf '%s letters: ' "$font"
  build/glyphtrain --check --letters 1 "$out" "$base" | grep -E ' letters right|letters named'
done
