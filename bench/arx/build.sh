#!/bin/sh
# Builds ARX from a source snapshot for the side-by-side k-anonymity bench (bench/privacy.ts), outside this
# repository: ARX's code is never committed here. Needs a JDK (Debian: openjdk-17-jdk) and, for ARX's certificate
# and Excel classes, libpdfbox2-java and libapache-poi-java. Usage:
#   bench/arx/build.sh <ARX source snapshot (git dir or work tree)> <output dir>
# then run the bench with ARX_HOME=<output dir>. The snapshot's data/ folder holds the adult dataset and its
# hierarchies (ARX's own test data), which the bench reads from <output dir>/data.
set -eu
SRC=$1
OUT=$(mkdir -p "$2" && cd "$2" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$OUT"
if [ -d "$SRC/objects" ]; then G="git --git-dir=$SRC"; else G="git -C $SRC"; fi
$G archive HEAD src/main data | tar x
mkdir -p lib
for f in $($G ls-tree -r --name-only HEAD lib/ant | grep '\.jar$'); do
  $G show "HEAD:$f" > "lib/$(basename "$f")" 2>/dev/null || rm -f "lib/$(basename "$f")"   # a few large jars are absent from snapshots
done
# hadoop's Writable is only needed to compile ARX's classification code, which k-anonymity does not use
mkdir -p stub/org/apache/hadoop/io
printf 'package org.apache.hadoop.io;\npublic interface Writable { void write(java.io.DataOutput o) throws java.io.IOException; void readFields(java.io.DataInput i) throws java.io.IOException; }\n' > stub/org/apache/hadoop/io/Writable.java
CP="$(ls "$OUT"/lib/*.jar | tr '\n' ':')/usr/share/java/pdfbox2.jar:/usr/share/java/fontbox2.jar:/usr/share/java/poi.jar:/usr/share/java/poi-ooxml.jar:/usr/share/java/poi-ooxml-schemas.jar"
mkdir -p classes
find src/main -name '*.java' > sources.txt
javac -nowarn -encoding UTF-8 -d classes -cp "$CP" @sources.txt stub/org/apache/hadoop/io/Writable.java 2>&1 | grep -v '^Note:' || true
javac -encoding UTF-8 -d classes -cp "classes:$CP" "$HERE/ArxBench.java"
echo "$CP" > classpath.txt
echo "ARX built in $OUT (ARX_HOME=$OUT)"
