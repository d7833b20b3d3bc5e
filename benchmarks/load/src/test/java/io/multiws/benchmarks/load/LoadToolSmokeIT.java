package io.multiws.benchmarks.load;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the load tool at its tiny size against the sample apps and the servlet baseline,
 * all built earlier in the reactor, so that the tool keeps working. Only correctness is
 * checked, never a timing: every handshake succeeds, every echo comes back intact, no
 * broadcast is lost or duplicated, no hub outlives its sessions, and on both multi-ws
 * servers every session that keeps reading receives every message of a burst.
 *
 * @author multi-ws team
 */
class LoadToolSmokeIT {

	@Test
	void tinyRunAgainstSampleAndBaselineIsCorrect(@TempDir Path logs) throws Exception {
		Run run = run(logs, "--size=tiny", "--scenarios=connect,echo,fanout,hubs,memory");
		Report report = run.report();
		String printed = run.printed();
		assertThat(report.problems()).as("problems of the tiny run; its report:%n%s", printed).isEmpty();
		for (String server : new String[] { "multi-ws", "baseline-servlet" }) {
			assertThat(report.values("connect", server, "handshake/s")).as("connect on %s", server).hasSize(1);
			assertThat(report.values("echo", server, "wrong replies")).as("echo on %s", server).containsExactly(0);
			assertThat(report.values("fanout", server, "lost")).as("fanout on %s", server).containsExactly(0);
			assertThat(report.values("fanout", server, "duplicated")).as("fanout on %s", server).containsExactly(0);
			assertThat(report.values("hubs", server, "hubs left")).as("hubs on %s", server).containsExactly(0);
			assertThat(report.values("memory", server, "RSS KB/connection")).as("memory on %s", server).hasSize(1);
		}
		assertThat(printed).contains("### Targets");
		assertThat(logs.toFile().list()).as("server logs").isNotEmpty();
	}

	@Test
	void tinyBurstsReachEveryReadingSessionOnEveryMultiWsServer(@TempDir Path logs) throws Exception {
		Run run = run(logs, "--size=tiny", "--stack=multi-ws", "--scenarios=burst,burst-stopped");
		Report report = run.report();
		String printed = run.printed();
		for (String server : new String[] { "multi-ws", "multi-ws-reactive" }) {
			for (String scenario : new String[] { "burst", "burst-stopped" }) {
				String what = scenario + " on " + server + "; the report:\n" + printed;
				assertThat(report.values(scenario, server, "received per reader (min)")).as(what).containsExactly(200);
				assertThat(report.values(scenario, server, "readers closed")).as(what).containsExactly(0);
				assertThat(report.values(scenario, server, "out of order")).as(what).containsExactly(0);
			}
		}
	}

	@Test
	void tinyRequestsAreAnsweredUnderTheirIdsOnEveryMultiWsServer(@TempDir Path logs) throws Exception {
		Run run = run(logs, "--size=tiny", "--stack=multi-ws", "--scenarios=requests");
		Report report = run.report();
		String printed = run.printed();
		assertThat(report.problems()).as("problems of the tiny run; its report:%n%s", printed).isEmpty();
		for (String server : new String[] { "multi-ws", "multi-ws-reactive" }) {
			assertThat(report.values("requests", server, "wrong replies")).as("requests on %s", server)
				.containsExactly(0);
			assertThat(report.values("requests", server, "request/echo CPU ratio (median of pairs)"))
				.as("requests on %s", server)
				.hasSize(1);
		}
		assertThat(printed).contains("requests on multi-ws: server CPU per request-reply round trip");
	}

	/**
	 * Run the tool on the servers built in this checkout, with its logs in a directory of
	 * the test's own.
	 */
	private static Run run(Path logs, String... args) throws Exception {
		Path root = Path.of("../..").toAbsolutePath().normalize();
		List<String> all = new ArrayList<>(List.of(args));
		all.add("--root=" + root);
		all.add("--logs=" + logs);
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		Report report = LoadTool.run(new PrintStream(output, true, StandardCharsets.UTF_8),
				all.toArray(String[]::new));
		return new Run(report, output.toString(StandardCharsets.UTF_8));
	}

	private record Run(Report report, String printed) {
	}

}
