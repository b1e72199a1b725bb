# Sourced by the shoot benches: generate_shoot N FILE writes a shoot of N shots at 1080x1350, both
# demo twins dressed in rotation through their garments, colourways and six poses.
generate_shoot() {  # N FILE
  local n="$1" i twin garments pose poses=(standing-relaxed walking contrapposto hand-on-hip arms-crossed a-pose)
  {
    printf '{"shoot": "bench-%s", "brand": "Demo Brand", "use": "social", "territories": ["FR"],\n' "$n"
    printf ' "defaults": {"format": "instagram-portrait"}, "shots": [\n'
    for ((i = 0; i < n; i++)); do
      pose=${poses[$((i % 6))]}
      case $((i % 4)) in
        0) twin=demo-ava;  garments='[{"id": "ava-slip-dress", "colourway": "navy"}]' ;;
        1) twin=demo-noah; garments='[{"id": "noah-tee", "colourway": "white"}, {"id": "noah-trousers", "colourway": "charcoal"}]' ;;
        2) twin=demo-ava;  garments='[{"id": "ava-tee", "colourway": "black"}, {"id": "ava-trousers", "colourway": "camel"}]' ;;
        3) twin=demo-noah; garments='[{"id": "noah-tee", "colourway": "heather"}, {"id": "noah-trousers", "colourway": "camel"}]' ;;
      esac
      printf '  {"id": "shot-%03d", "twin": "%s", "pose": "%s", "garments": %s}%s\n' "$i" "$twin" "$pose" "$garments" \
        "$([ $i -lt $((n - 1)) ] && echo , || true)"
    done
    printf ']}\n'
  } >"$2"
}
