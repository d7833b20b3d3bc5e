package io.multiws.tests.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.multiws.cluster.RelayMode;
import io.multiws.tests.support.AbstractResumeStressWireTests;
import io.multiws.tests.support.ResumeScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hundreds of reconnects into busy rooms across two instances on a real Redis Cluster of
 * three masters, in sharded mode: a reader leaves instance A and comes back on instance
 * B, where the broadcasts it missed were made, in rooms whose history lives on every
 * shard. Every one gets exactly what it missed, in order, then the presence state, and
 * nothing is logged at WARN on the way.
 *
 * @author multi-ws team
 */
@ExtendWith(OutputCaptureExtension.class)
class ShardedClusterResumeStressTests {

	private static final String PREFIX = "it-sharded-resume:";

	private static final String[] CHAT = { "multi-ws.endpoints.chat.history.size=50",
			"multi-ws.endpoints.chat.history.message-ids=true", "multi-ws.endpoints.chat.history.ttl=1h",
			"multi-ws.endpoints.chat.presence.enabled=true", "multi-ws.endpoints.chat.presence.push-diffs=true",
			// The keys are names the clients chose, as in the sample's chat, not principals
			"multi-ws.endpoints.chat.presence.anonymous-view=full" };

	private static final int RESUMES = 200;

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void twoHundredResumesOnAnotherInstanceGetExactlyWhatTheyMissed(CapturedOutput output) throws Exception {
		RedisClusterServer redis = track(RedisClusterServer.start(3));
		ClusterInstance a = track(ClusterInstance.start("a", redis, PREFIX, CHAT));
		ClusterInstance b = track(ClusterInstance.start("b", redis, PREFIX, CHAT));
		Set<Integer> shards = new HashSet<>();
		for (int i = 0; i < RESUMES; i++) {
			shards.add(redis.ownerOf(a.relay().getHistoryStream("/chat/resume-" + i)));
		}
		assertThat(shards).as("rooms on every shard").hasSize(3);
		ResumeScenario scenario = new ResumeScenario(a::connectUntracked, b::connectUntracked,
				ResumeScenario.Kind.RESUME);
		List<Duration> waits = AbstractResumeStressWireTests.run(scenario, "/chat/resume-", RESUMES);
		AbstractResumeStressWireTests.assertWithinTarget(waits);
		assertThat(a.relay().status().mode()).isEqualTo(RelayMode.SHARDED);
		assertThat(a.relay().status().localHistoryBroadcasts() + b.relay().status().localHistoryBroadcasts())
			.as("broadcasts numbered by one instance alone")
			.isZero();
		assertThat(output.getOut()).as("what multi-ws logged at WARN in normal operation")
			.doesNotContainPattern(" WARN .*(io\\.multiws|i\\.m\\.)");
	}

	private <T extends AutoCloseable> T track(T resource) {
		this.resources.add(resource);
		return resource;
	}

}
