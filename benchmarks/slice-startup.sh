#!/bin/sh
# The @WsTest slice's start-up against the full context, on the sample app (issue 20): each test class runs alone in a
# fresh surefire JVM, RUNS times (5 unless set), the two classes taking turns; for each run, Spring's own line
# "Started <class> in <context> seconds (process running for <jvm> seconds)", in surefire's report file, gives the
# context's start-up and the time from the JVM's start to the first test. Prints every run, then the medians. From the
# repository root:
#   sh benchmarks/slice-startup.sh
set -e
RUNS=${RUNS:-5}
SLICE=EndpointsSliceTests
FULL=ChatAndNewsTests
cd "$(dirname "$0")/.."
out=$(mktemp -d)
./mvnw -B -ntp -q -pl sample-app -am test-compile
for i in $(seq "$RUNS"); do
	for test in $SLICE $FULL; do
		./mvnw -B -ntp -q -o -pl sample-app -am test -Dtest=$test -Dsurefire.failIfNoSpecifiedTests=false
		# The tests' output goes to surefire's report files
		grep -o "Started $test in [0-9.]* seconds (process running for [0-9.]*)" \
			"sample-app/target/surefire-reports/io.multiws.sample.app.$test-output.txt" | tee -a "$out/$test"
	done
done
median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
for test in $SLICE $FULL; do
	context=$(sed 's/.* in \([0-9.]*\) seconds.*/\1/' "$out/$test" | median)
	first=$(sed 's/.*running for \([0-9.]*\))/\1/' "$out/$test" | median)
	echo "$test: median context start-up $context s, median time to the first test $first s ($(wc -l < "$out/$test") runs)"
done
rm -r "$out"
