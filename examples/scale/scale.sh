#!/bin/bash
# microgpt at another size (docs/BENCHMARKS.md, "Scale"): compiles the examples' MicroGpt.java with
# N_LAYER, N_EMBD and BLOCK_SIZE replaced (default 2, 32, 32; 1 16 16 is the examples' model) through
# the installed processor, prints javac's time, the generated size, the largest and widest
# generated methods, then trains the generated code with C2 alone compiling every method called
# 200 times (-XX:-TieredCompilation -Xbatch) and greps -XX:+PrintCompilation for refused methods.
# Usage: examples/scale/scale.sh [LAYERS EMBD BLOCK [STEPS]]; M2 = the local Maven repository
# holding the installed runtime and processor (mvn -o install -DskipTests at the root first).
set -euo pipefail
LAYERS=${1:-2}; EMBD=${2:-32}; BLOCK=${3:-32}; STEPS=${4:-400}
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(dirname "$(dirname "$HERE")")
M2=${M2:-$HOME/.m2/repository}
RT=$M2/dev/adjoint/adjoint-runtime/0.1.0-SNAPSHOT/adjoint-runtime-0.1.0-SNAPSHOT.jar
PROC=$M2/dev/adjoint/adjoint-processor/0.1.0-SNAPSHOT/adjoint-processor-0.1.0-SNAPSHOT.jar
WORK=$(mktemp -d); SRC=$WORK/src/dev/adjoint/examples/microgpt; mkdir -p "$SRC" "$WORK/out" "$WORK/gen" "$WORK/drv"
ORIG=$ROOT/examples/src/main/java/dev/adjoint/examples/microgpt/MicroGpt.java
for c in "N_LAYER = 1;" "N_EMBD = 16;" "BLOCK_SIZE = 16;"; do
  [ "$(grep -c "public static final int $c" "$ORIG")" = 1 ] || { echo "MicroGpt.java no longer declares $c"; exit 1; }
done
sed -e "s/N_LAYER = 1;/N_LAYER = $LAYERS;/" -e "s/N_EMBD = 16;/N_EMBD = $EMBD;/" \
    -e "s/BLOCK_SIZE = 16;/BLOCK_SIZE = $BLOCK;/" "$ORIG" > "$SRC/MicroGpt.java"
echo "== microgpt with N_LAYER $LAYERS, N_EMBD $EMBD, BLOCK_SIZE $BLOCK ($WORK)"
/usr/bin/time -f "javac with the processor: %e s wall, %U + %S s CPU, %M KB max RSS" \
  javac --release 17 -Xlint:all -d "$WORK/out" -s "$WORK/gen" -cp "$RT" -processorpath "$PROC" -proc:full "$SRC/MicroGpt.java"
GEN=$(find "$WORK/gen" -name '*.java')
echo "generated: $(wc -l < "$GEN") lines, $(wc -c < "$GEN") bytes"
mkdir "$WORK/compiled"; cp "$WORK"/out/dev/adjoint/examples/microgpt/MicroGptCompiled*.class "$WORK/compiled"
java "$HERE/MethodSizes.java" "$WORK/compiled" | cut -c1-120
javac -d "$WORK/drv" -cp "$WORK/out:$RT" "$HERE/ScaleTrain.java"
LOG=$WORK/print-compilation.txt
java -XX:+PrintCompilation -XX:-TieredCompilation -XX:CompileThreshold=200 -Xbatch \
  -cp "$WORK/drv:$WORK/out:$RT" ScaleTrain "$STEPS" > "$LOG" 2> "$WORK/train.txt"
cat "$WORK/train.txt"
echo "C2 compiled $(grep 'MicroGptCompiled' "$LOG" | grep -v 'made not entrant' | grep -v ' % ' | awk '{print $4}' | sort -u | wc -l) generated methods"
echo "refused: $(grep -ciE 'COMPILE SKIPPED|unsupported|not compilable|huge method|not retryable' "$LOG" || true) lines"
grep -iE 'COMPILE SKIPPED|unsupported|not compilable|huge method|not retryable' "$LOG" | head || true
