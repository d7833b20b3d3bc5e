package io.multiws;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import io.multiws.hub.WsPayload;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every value that multi-ws builds lazily and shares between threads without a lock is
 * published through a final or volatile field, so that a thread that sees it sees it
 * whole (JLS 17.4): on a weakly ordered processor a plain field may show a buffer
 * before its bytes. {@code WsPayloadTests} races threads over a payload's encodings.
 *
 * @author multi-ws team
 */
class SafePublicationTests {

	@Test
	void everyFieldOfAPayloadIsFinalOrVolatile() {
		assertThat(Arrays.stream(WsPayload.class.getDeclaredFields())
			.filter((field) -> !Modifier.isStatic(field.getModifiers()))
			.filter((field) -> !Modifier.isFinal(field.getModifiers()) && !Modifier.isVolatile(field.getModifiers()))
			.map(Field::getName)).as("lazily built and shared by every recipient").isEmpty();
	}

	@Test
	void lazilyBuiltValuesReadWithoutALockAreVolatile() throws Exception {
		List<String> fields = List.of("io.multiws.core.DefaultWsSession#queryParameters",
				"io.multiws.reactive.ReactiveUpgradeHandler#defaultHandshakeService",
				"io.multiws.cluster.RedisWsRelay#context", "io.multiws.cluster.RelayInbox#context",
				"io.multiws.cluster.ClusterHistory#anyHistory");
		for (String name : fields) {
			String[] parts = name.split("#");
			Field field = Class.forName(parts[0]).getDeclaredField(parts[1]);
			assertThat(Modifier.isVolatile(field.getModifiers())).as(name).isTrue();
		}
	}

}
