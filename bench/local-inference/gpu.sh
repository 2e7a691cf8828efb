#!/usr/bin/env bash
# Decode speed of local-inference on one GPU (or the CPU), to run when a GPU host is lent: tokens/s at batch 1, 4 and
# 16 and context 1k and 4k, and the host<->device copy cost per step that ORT Java pays for lack of IOBinding
# (onnxruntime#26209). Runs the tiny gpt-oss model (fp16 on CUDA: CUDA GQA takes fp16/bf16 only), or a real export
# directory when one is given (e.g. the cuda/cuda-int4-kquant-block-32-mixed folder of onnxruntime/gpt-oss-20b-onnx).
# A model whose sliding layers keep window-sized caches (found at load, see the README) moves less per step: the
# load line prints cache_windows, and host_device_bytes_per_step counts each layer at its own length.
# Bounded: the whole run is killed after BUDGET_S (default 480 s, the 8-minute budget on one H100/H200).
#
#   bench/local-inference/gpu.sh [EXPORT_DIR]            # CUDA: builds the jar with -Pcuda (onnxruntime_gpu)
#   DEVICE=cpu bench/local-inference/gpu.sh              # the same measurements on the CPU (proves the script)
#
# Env: DEVICE (cuda|cpu), STEPS (timed decode steps per point, default 16), CONTEXTS (1024,4096), BATCHES (1,4,16),
# THREADS (0 = ORT's choice), JAR (skip the build). Writes bench/local-inference/gpu-results-DEVICE-DATE.jsonl.
set -euo pipefail
cd "$(dirname "$0")/../.."
export ORT_DISABLE_TELEMETRY=1
DEVICE=${DEVICE:-cuda}
STEPS=${STEPS:-16}
CONTEXTS=${CONTEXTS:-1024,4096}
BATCHES=${BATCHES:-1,4,16}
THREADS=${THREADS:-0}
BUDGET_S=${BUDGET_S:-480}
EXPORT_DIR=${1:-}
start=$(date +%s)
if [[ -z "${JAR:-}" ]]; then
  profile=(); [[ "$DEVICE" == cuda ]] && profile=(-Pcuda)
  # note: with -Pcuda the jar in local-inference/target is the onnxruntime_gpu build until the next plain build
  mvn -B -q -pl local-inference -am "${profile[@]}" -DskipTests package
  JAR=local-inference/target/local-inference.jar
fi
if [[ -z "$EXPORT_DIR" ]]; then
  variant=tiny-gpt-oss; [[ "$DEVICE" == cuda ]] && variant=tiny-gpt-oss-fp16
  EXPORT_DIR=local-inference/models/$variant
fi
[[ -d "$EXPORT_DIR" ]] || { echo "gpu.sh: $EXPORT_DIR is not a directory" >&2; exit 2; }
OUT=bench/local-inference/gpu-results-$DEVICE-$(date -u +%Y%m%dT%H%M%SZ).jsonl
{
  echo "# $(date -u +%FT%TZ) device=$DEVICE model=$EXPORT_DIR steps=$STEPS contexts=$CONTEXTS batches=$BATCHES cores=$(nproc)"
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | sed 's/^/# gpu: /'
  true
} | tee "$OUT"
left=$((BUDGET_S - ($(date +%s) - start)))
timeout "$left" java -Xss16m -XX:MaxRAMPercentage=60 -Dloader.main=io.sovereign.inference.bench.GpuBenchmark -jar "$JAR" \
  "$EXPORT_DIR" "$DEVICE" "$THREADS" "$STEPS" "$CONTEXTS" "$BATCHES" bench/local-inference/copy_probe.onnx 2>/dev/null \
  | grep '^{' | tee -a "$OUT"
echo "# done in $(( $(date +%s) - start )) s" | tee -a "$OUT"
python3 - "$OUT" <<'PY' || true
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
print("| batch | context | step ms | tokens/s | host<->device MB/step | copy probe ms | copy share |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for r in rows:
    if r.get("bench") == "decode":
        print(f"| {r['batch']} | {r['context']} | {r['step_ms']:.1f} | {r['tokens_per_s']:.1f} | "
              f"{r['host_device_bytes_per_step'] / 1e6:.1f} | {r['copy_probe_ms']:.1f} | {r['copy_share']:.0%} |")
PY
