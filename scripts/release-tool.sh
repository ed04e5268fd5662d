# Sourced by the measurement and benchmark scripts, from the repository root: sets `tool` to the
# inverse-instruct binary they measure: TOOL when it is set (an already built binary), else a
# release build (incremental, so a stale binary is never measured).
if [[ -n ${TOOL:-} ]]; then
    tool=$TOOL
else
    swift build -c release --product inverse-instruct >/dev/null 2>&1 || { echo "release build failed" >&2; exit 1; }
    tool="$(swift build -c release --show-bin-path)/inverse-instruct"
fi
