# Sourced by ocr/train/train-glyphs.sh and tests/glyphs.sh: one
# text2image rendering of a text with its character boxes.
#
# render FONT DPI PT EXPOSURE LOOK SEED TEXT BASE SCANSIM TMPDIR
#   writes BASE.tif (its pages) and BASE.box: FONT (found under
#   /usr/share/fonts) at DPI and PT, ink EXPOSURE (-1 light .. 1 heavy),
#   on letter pages; LOOK t: text2image's degradation (noise, blur,
#   rotation), s: rendered clean, then degraded like saraban's scan
#   fixtures by SCANSIM (build/scansim --image, seed SEED)
render() {
  r_degrade="--degrade_image --rotate_image"
  [ "$5" = s ] && r_degrade="--degrade_image=false --rotate_image=false"
  text2image --text "$7" --outputbase "$8" --font "$1" --fonts_dir /usr/share/fonts \
    --fontconfig_tmpdir "${10}" --ptsize "$3" --resolution "$2" --exposure "$4" $r_degrade \
    --char_spacing 0.0 --leading $(($3 * 2)) --xsize $(($2 * 17 / 2)) --ysize $(($2 * 11)) \
    --margin $(($2 / 3)) --max_pages 0 >/dev/null 2>&1
  if [ "$5" = s ]; then
    "$9" --image --dpi "$2" --seed "$6" "$8.tif" "$8.s.tif"
    mv "$8.s.tif" "$8.tif"
  fi
}
