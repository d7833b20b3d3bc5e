package io.multiws.tests.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.multiws.tests.support.AbstractResumeStressWireTests;
import io.multiws.tests.support.ResumeScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hundreds of reconnects into busy rooms across two instances on a real redis-server: a
 * reader leaves instance A and comes back on instance B, where the broadcasts it missed
 * were made. Every one gets exactly what it missed, in order, then the presence state,
 * and nothing is logged at WARN on the way.
 *
 * @author multi-ws team
 */
@ExtendWith(OutputCaptureExtension.class)
class ClusterResumeStressTests {

	private static final String PREFIX = "it-resume-stress:";

	private static final String[] CHAT = { "multi-ws.endpoints.chat.history.size=50",
			"multi-ws.endpoints.chat.history.message-ids=true", "multi-ws.endpoints.chat.history.ttl=1h",
			"multi-ws.endpoints.chat.presence.enabled=true", "multi-ws.endpoints.chat.presence.push-diffs=true",
			// The keys are names the clients chose, as in the sample's chat, not principals
			"multi-ws.endpoints.chat.presence.anonymous-view=full" };

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void fiveHundredResumesOnAnotherInstanceGetExactlyWhatTheyMissed(CapturedOutput output) throws Exception {
		RedisServer redis = track(RedisServer.start());
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX, CHAT));
		ClusterInstance b = track(ClusterInstance.start("b", redis, PREFIX, CHAT));
		ResumeScenario scenario = new ResumeScenario(a::connectUntracked, b::connectUntracked,
				ResumeScenario.Kind.RESUME);
		List<Duration> waits = AbstractResumeStressWireTests.run(scenario, "/chat/resume-", 500);
		AbstractResumeStressWireTests.assertWithinTarget(waits);
		assertThat(output.getOut()).as("what multi-ws logged at WARN in normal operation")
			.doesNotContainPattern(" WARN .*(io\\.multiws|i\\.m\\.)");
	}

	private <T extends AutoCloseable> T track(T resource) {
		this.resources.add(resource);
		return resource;
	}

}
